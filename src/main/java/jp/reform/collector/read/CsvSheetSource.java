package jp.reform.collector.read;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Path;
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
        try (Reader reader = encoding.open(file); CSVParser parser = CSVParser.parse(reader, format)) {
            sink.startSheet(sheetName);
            for (CSVRecord record : parser) {
                if (!sink.row(Math.toIntExact(record.getRecordNumber()), cells(record))) {
                    break;
                }
            }
            sink.endSheet();
        } catch (UncheckedIOException e) {
            throw problem(e.getCause());
        } catch (CSVException | CharacterCodingException e) {
            throw problem(e);
        }
    }

    private UnreadableContent problem(IOException e) throws IOException {
        if (e instanceof CSVException) {
            return new UnreadableContent(ReadFindings.malformedCsv(), e);
        }
        if (e instanceof CharacterCodingException) {
            // the file changed since its encoding was checked
            return new UnreadableContent(ReadFindings.unreadableEncoding(), e);
        }
        throw e;
    }

    private static SortedMap<Integer, String> cells(CSVRecord record) {
        SortedMap<Integer, String> cells = new TreeMap<>();
        for (int i = 0; i < record.size(); i++) {
            String text = CellText.clean(record.get(i));
            if (!text.isEmpty()) {
                cells.put(i, text);
            }
        }
        return cells;
    }
}
