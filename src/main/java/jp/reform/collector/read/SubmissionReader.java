package jp.reform.collector.read;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import jp.reform.collector.domain.Finding;
import jp.reform.collector.domain.Limits;
import jp.reform.collector.domain.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a department's submission (xlsx, xlsm, xls, csv or tab-separated txt) and streams the rows of
 * its results tables to a handler. Problems with the file are returned as findings, never thrown.
 */
public final class SubmissionReader {

    private static final Logger LOG = LoggerFactory.getLogger(SubmissionReader.class);
    private static final int DEFAULT_HEADER_SEARCH_ROWS = 30;

    private final int headerSearchRows;
    private final int maxRows;

    public SubmissionReader() {
        this(DEFAULT_HEADER_SEARCH_ROWS);
    }

    /** @param headerSearchRows how many rows at the top of each sheet may hold the header row */
    public SubmissionReader(int headerSearchRows) {
        this(headerSearchRows, Limits.DEFAULTS.maxRowsPerFile());
    }

    /**
     * @param headerSearchRows how many rows at the top of each sheet may hold the header row
     * @param maxRows          data rows allowed in one file (all sheets); reading stops at the next one
     */
    public SubmissionReader(int headerSearchRows, int maxRows) {
        if (headerSearchRows < 1) {
            throw new IllegalArgumentException("headerSearchRows must be positive: " + headerSearchRows);
        }
        if (maxRows < 1) {
            throw new IllegalArgumentException("maxRows must be positive: " + maxRows);
        }
        this.headerSearchRows = headerSearchRows;
        this.maxRows = maxRows;
    }

    /** A reader with the default header search and the file limits of the settings. */
    public static SubmissionReader withLimits(Limits limits) {
        return new SubmissionReader(DEFAULT_HEADER_SEARCH_ROWS, limits.maxRowsPerFile());
    }

    /**
     * Streams the file's data rows to the handler. Problems (unreadable file, no header, missing required
     * column, undecodable CSV, encrypted workbook …) are returned as ERROR findings, never thrown.
     * A file with more data rows than allowed is read no further; its one finding says so
     * ({@link ReadReport#rowLimitExceeded()}), and the rows streamed so far are to be ignored.
     *
     * @param file         the file to read
     * @param originalName the name the department gave it; its extension says the intended format and,
     *                     for CSV, it is the sheet name
     * @throws IOException only when the file system fails (file missing, not readable)
     */
    public ReadReport read(Path file, String originalName, SourceRowHandler handler) throws IOException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(handler, "handler");
        String name = fileName(originalName == null ? file.getFileName().toString() : originalName);
        FormatDetector.Detection detection = FormatDetector.detect(file, name);
        TableAssembler assembler = new TableAssembler(headerSearchRows, maxRows, handler);
        String encoding = null;
        List<Finding> problems = new ArrayList<>();
        try {
            switch (detection.kind()) {
                case XLSX -> new XlsxSheetSource(file).read(assembler);
                case XLS -> new XlsSheetSource(file).read(assembler);
                case CSV -> {
                    CsvEncodingDetector.CsvEncoding csv;
                    try {
                        csv = CsvEncodingDetector.detect(file);
                    } catch (CsvEncodingDetector.Undecodable e) {
                        throw new UnreadableContent(ReadFindings.unreadableEncoding(name, e.line()));
                    }
                    encoding = csv.charset().name();
                    new CsvSheetSource(file, name, csv).read(assembler);
                }
                case ENCRYPTED -> throw new UnreadableContent(ReadFindings.encrypted());
                case EMPTY -> throw new UnreadableContent(ReadFindings.emptyFile());
                case WEB_PAGE -> throw new UnreadableContent(ReadFindings.webPageSavedAsExcel());
                case UNKNOWN_CONTENT -> throw new UnreadableContent(ReadFindings.corruptFile());
                case UNSUPPORTED_EXTENSION ->
                        throw new UnreadableContent(ReadFindings.unsupportedExtension(detection.extension()));
            }
            problems.addAll(assembler.problems());
            assembler.hiddenSheetsWithTable().forEach(sheet -> problems.add(ReadFindings.hiddenSheetNotRead(sheet)));
            if (assembler.tables().isEmpty()) {
                problems.add(ReadFindings.headerNotFound(headerSearchRows));
            } else {
                // results written on a sheet of their own without the header would be lost without a word
                boolean template = assembler.tables().stream().anyMatch(t -> t.templateMark() != null);
                assembler.sheetsWithoutTable().stream()
                        .filter(sheet -> !(template && TemplateMark.GUIDE_SHEET.equals(sheet)))
                        .forEach(sheet -> problems.add(ReadFindings.sheetNotRead(sheet, headerSearchRows)));
            }
        } catch (UnreadableContent e) {
            // an expected outcome for a department's file: the stack trace only helps when debugging
            LOG.info("Cannot read {} ({}): {}", LogText.escape(name), detection.kind(), e.getMessage());
            LOG.debug("Cause for {}", LogText.escape(name), e.getCause());
            problems.addAll(assembler.problems());
            problems.add(e.finding());
        } catch (RowLimitExceeded e) {
            LOG.info("Stopped reading {} at sheet {} row {}: more than {} data rows", LogText.escape(name),
                    LogText.escape(e.sheet()), e.rowNumber(), maxRows);
            // the file is refused for its size alone: the header problems found so far are left out, as
            // a partial list would suggest it is all there is
            problems.add(ReadFindings.rowLimit(maxRows, e.rowsSeen()).at(e.sheet(), e.rowNumber(), null, null));
        } catch (HandlerFailure e) {
            throw e.original();
        }
        return new ReadReport(detection.format(), encoding, assembler.tables(), problems);
    }

    /** The last path element: mail attachments and uploads sometimes carry a client-side path. */
    private static String fileName(String name) {
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        return name.substring(slash + 1);
    }
}
