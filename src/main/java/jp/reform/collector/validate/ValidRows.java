package jp.reform.collector.validate;

import jp.reform.collector.read.SourceCell;

/**
 * Where the validator hands each row it found valid, in file order, as soon as it is checked: nothing
 * is collected in memory. Rows repeating an indicator and year are handed on too; the receiver finds
 * them (see {@code store.ResultStaging}), as that needs every row of the file.
 */
@FunctionalInterface
public interface ValidRows {

    /** @param codeCell the 指標コード cell, where a repeated row is reported */
    void add(ResultRow row, SourceCell codeCell);
}
