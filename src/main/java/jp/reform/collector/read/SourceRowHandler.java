package jp.reform.collector.read;

/** Receives a submission's tables as they are read; rows are streamed, never collected by the reader. */
public interface SourceRowHandler {

    /** Called once per sheet with a recognised header, before the rows of that sheet. */
    void table(TableHeader header);

    /** Called for every data row below the header that has at least one non-blank recognised cell. */
    void row(SourceRow row);
}
