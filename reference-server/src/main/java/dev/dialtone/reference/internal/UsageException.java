package dev.dialtone.reference.internal;

/** A command line the launcher cannot run: unknown option, missing or malformed value. Exit status 2. */
public final class UsageException extends Exception {

    /** @param message what is wrong, for the user, without "error:" */
    public UsageException(String message) {
        super(message);
    }

    /** Exceptions for the command line carry no stack trace: the message says it all. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
