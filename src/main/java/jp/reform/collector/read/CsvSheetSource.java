package jp.reform.collector.read;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Path;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Streams a CSV file, record by record, as one sheet named after the file. Row numbers are record
 * numbers counting empty lines, which is what Excel shows when it opens the file.
 */
final class CsvSheetSource {

    private final Path file;
    private final String sheetName;
    private final CsvEncodingDetector.CsvEncoding encoding;

    CsvSheetSource(Path file, String sheetName, CsvEncodingDetector.CsvEncoding encoding) {
        this.file = file;
        this.sheetName = sheetName;
        this.encoding = encoding;
    }

    void read(RowSink sink) throws IOException, UnreadableContent {
        CSVFormat format = CSVFormat.RFC4180.builder()
                .setDelimiter(encoding.delimiter())
                .setIgnoreEmptyLines(false)
                .get();
        int lastRow = 0;
        try (Reader reader = encoding.open(file); CSVParser parser = CSVParser.parse(reader, format)) {
            sink.startSheet(sheetName);
            for (CSVRecord record : parser) {
                lastRow = Math.toIntExact(record.getRecordNumber());
                sink.fieldCount(record.size(), encoding.delimiter());
                if (!sink.row(lastRow, cells(record))) {
                    break;
                }
            }
            sink.endSheet();
        } catch (UncheckedIOException e) {
            throw problem(e.getCause(), lastRow + 1);
        } catch (CSVException | CharacterCodingException e) {
            throw problem(e, lastRow + 1);
        }
    }

    /** @param row the row (as Excel numbers them) the parser was reading when it failed */
    private UnreadableContent problem(IOException e, int row) throws IOException {
        if (e instanceof CSVException) {
            // the row where the unbalanced quote begins: the department finds it without reading the whole file
            return new UnreadableContent(ReadFindings.malformedCsv().at(sheetName, row, null, null), e);
        }
        if (e instanceof CharacterCodingException) {
            // the file changed since its encoding was checked
            return new UnreadableContent(ReadFindings.unreadableEncoding(), e);
        }
        throw e;
    }

    /**
     * What Excel writes into a CSV for a cell whose formula fails: the error's name as text. Nothing a department
     * types as a value, so read as the error value it was, as in the workbook itself.
     */
    private static final Set<String> EXCEL_ERRORS = Set.of("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!",
            "#N/A", "#GETTING_DATA", "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!");

    private static SortedMap<Integer, String> cells(CSVRecord record) {
        SortedMap<Integer, String> cells = new TreeMap<>();
        for (int i = 0; i < record.size(); i++) {
            String text = CellText.clean(record.get(i));
            if (EXCEL_ERRORS.contains(text.strip())) {
                cells.put(i, SourceCell.errorValue(text.strip(), null));
            } else if (!text.isEmpty()) {
                cells.put(i, text);
            }
        }
        return cells;
    }
}
