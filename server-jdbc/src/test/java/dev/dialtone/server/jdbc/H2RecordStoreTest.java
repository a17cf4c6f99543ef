package dev.dialtone.server.jdbc;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The record store on an embedded H2 file database in a temporary folder. */
class H2RecordStoreTest extends RecordStoreContract {

    @TempDir
    Path folder;

    @Override
    TestDatabase newDatabase() {
        return TestDatabase.newH2(folder);
    }
}
