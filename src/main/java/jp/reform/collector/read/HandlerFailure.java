package jp.reform.collector.read;

/**
 * Carries an exception thrown by the caller's {@link SourceRowHandler} through the parsers, so that
 * it is rethrown as is instead of being mistaken for a broken file.
 */
final class HandlerFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    HandlerFailure(RuntimeException cause) {
        super(cause);
    }

    RuntimeException original() {
        return (RuntimeException) getCause();
    }
}
