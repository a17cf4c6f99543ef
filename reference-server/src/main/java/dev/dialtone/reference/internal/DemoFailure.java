package dev.dialtone.reference.internal;

/**
 * A demo step that did not happen as docs/protocol.md says: what was expected and what was received, for people.
 * Carries no stack trace: the message says it all.
 */
final class DemoFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message what was expected and what happened instead */
    DemoFailure(String message) {
        super(message);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
