package jp.reform.collector.read;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.SortedMap;
import java.util.TreeMap;

import javax.xml.parsers.ParserConfigurationException;

import org.apache.poi.openxml4j.exceptions.OpenXML4JException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.eventusermodel.XSSFSheetXMLHandler;
import org.apache.poi.xssf.eventusermodel.XSSFSheetXMLHandler.SheetContentsHandler;
import org.apache.poi.xssf.model.SharedStrings;
import org.apache.poi.xssf.model.StylesTable;
import org.apache.poi.xssf.usermodel.XSSFComment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;

/**
 * Streams the visible sheets of an xlsx / xlsm workbook with POI's event API: one row in memory at a
 * time, plus the shared strings. Opened from the file (not a stream) so POI neither copies it into
 * memory nor caps entry sizes, with its zip-bomb checks left on.
 */
final class XlsxSheetSource {

    private static final Logger LOG = LoggerFactory.getLogger(XlsxSheetSource.class);

    private final Path file;

    XlsxSheetSource(Path file) {
        this.file = file;
    }

    void read(RowSink sink) throws IOException, UnreadableContent {
        OPCPackage pkg;
        try {
            pkg = OPCPackage.open(file.toFile(), PackageAccess.READ);
        } catch (OpenXML4JException | RuntimeException e) {
            throw new UnreadableContent(ReadFindings.corruptFile(), e);
        }
        try {
            readSheets(pkg, sink);
        } catch (HandlerFailure | RowLimitExceeded e) {
            throw e;
        } catch (OpenXML4JException | SAXException | ParserConfigurationException | RuntimeException e) {
            throw new UnreadableContent(ReadFindings.corruptFile(), e);
        } catch (IOException e) {
            throw Sources.contentOrFileSystem(file, e);
        } finally {
            pkg.revert();
        }
    }

    private void readSheets(OPCPackage pkg, RowSink sink)
            throws IOException, OpenXML4JException, SAXException, ParserConfigurationException {
        XSSFReader reader = new XSSFReader(pkg);
        XlsxWorkbookInfo workbook;
        try (InputStream in = reader.getWorkbookData()) {
            workbook = XlsxWorkbookInfo.parse(in);
        }
        // false: phonetic (furigana) runs must not be appended to the cell text
        SharedStrings strings = new ReadOnlySharedStringsTable(pkg, false);
        StylesTable styles = reader.getStylesTable();
        // without a styles part every number would reach us unformatted; a default table says "General"
        styles = styles != null ? styles : new StylesTable();
        CellTextFormatter formatter = new CellTextFormatter(workbook.date1904());

        readTemplateMetadata(reader, styles, strings, formatter, sink);
        XSSFReader.SheetIterator sheets = reader.getSheetIterator();
        while (sheets.hasNext()) {
            try (InputStream in = sheets.next()) {
                String name = sheets.getSheetName();
                if (workbook.isHidden(name)) {
                    LOG.debug("Skipping hidden sheet {}", name);
                    continue;
                }
                XMLReader xml = XMLHelper.newXMLReader();
                xml.setContentHandler(new XSSFSheetXMLHandler(styles, null, strings,
                        new RowCollector(sink), formatter, false));
                sink.startSheet(name);
                try {
                    xml.parse(new InputSource(in));
                } catch (StopSheet stop) {
                    LOG.debug("No header in the first rows of sheet {}; skipped the rest", name);
                }
                sink.endSheet();
            }
        }
    }

    /** A template's metadata sheet comes last in the workbook but is needed before its first table. */
    private static void readTemplateMetadata(XSSFReader reader, StylesTable styles, SharedStrings strings,
                                             CellTextFormatter formatter, RowSink sink)
            throws IOException, OpenXML4JException, SAXException, ParserConfigurationException {
        XSSFReader.SheetIterator sheets = reader.getSheetIterator();
        while (sheets.hasNext()) {
            try (InputStream in = sheets.next()) {
                if (!TemplateMark.META_SHEET.equals(sheets.getSheetName())) {
                    continue;
                }
                MetadataRows meta = new MetadataRows();
                XMLReader xml = XMLHelper.newXMLReader();
                xml.setContentHandler(new XSSFSheetXMLHandler(styles, null, strings, new RowCollector(meta),
                        formatter, false));
                try {
                    xml.parse(new InputSource(in));
                } catch (StopSheet stop) {
                    // enough rows read
                }
                sink.templateMetadata(meta.values());
                return;
            }
        }
    }

    /** Thrown from inside the SAX callbacks to stop parsing a sheet that holds no table. */
    private static final class StopSheet extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StopSheet() {
            super(null, null, false, false);
        }
    }

    /** Collects the cells of one row at a time and hands the row to the sink. */
    private static final class RowCollector implements SheetContentsHandler {
        private final RowSink sink;
        private SortedMap<Integer, String> cells = new TreeMap<>();
        private int lastColumn = -1;

        RowCollector(RowSink sink) {
            this.sink = sink;
        }

        @Override
        public void startRow(int rowNum) {
            cells = new TreeMap<>();
            lastColumn = -1;
        }

        @Override
        public void cell(String reference, String formattedValue, XSSFComment comment) {
            // files written by some tools omit the reference: the cell then follows the previous one
            int column = reference == null ? lastColumn + 1 : ColumnLetters.indexOf(reference);
            lastColumn = column;
            String text = CellText.clean(withoutErrorPrefix(formattedValue));
            if (!text.isEmpty()) {
                cells.put(column, text);
            }
        }

        @Override
        public void endRow(int rowNum) {
            if (!sink.row(rowNum + 1, cells)) {
                throw new StopSheet();
            }
        }

        /** POI reports error cells as "ERROR:#DIV/0!"; the department sees "#DIV/0!". */
        private static String withoutErrorPrefix(String value) {
            if (value != null && value.startsWith("ERROR:#")) {
                return value.substring("ERROR:".length());
            }
            return value;
        }
    }
}
