package jp.reform.collector.read;

/**
 * Carries an exception thrown by the caller's {@link SourceRowHandler} through the parsers, so that
 * it is rethrown as is instead of being mistaken for a broken file.
 */
final class HandlerFailure extends RuntimeException {

    HandlerFailure(RuntimeException cause) {
        super(cause);
    }

    RuntimeException original() {
        return (RuntimeException) getCause();
    }
}
