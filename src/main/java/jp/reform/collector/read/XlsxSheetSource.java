package jp.reform.collector.read;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.SortedMap;
import java.util.TreeMap;

import javax.xml.parsers.ParserConfigurationException;

import org.apache.poi.openxml4j.exceptions.OpenXML4JException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackagePart;
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
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.XMLFilterImpl;

/**
 * Streams the visible sheets of an xlsx / xlsm workbook with POI's event API: one row in memory at a
 * time, plus the shared strings. Opened from the file (not a stream) so POI neither copies it into
 * memory nor caps entry sizes, with its zip-bomb checks left on.
 */
final class XlsxSheetSource {

    private static final Logger LOG = LoggerFactory.getLogger(XlsxSheetSource.class);
    private static final int MAX_MERGES = 10_000;
    private static final Pattern MERGE_CELL = Pattern.compile("<(?:[A-Za-z0-9_]+:)?mergeCell\\s[^>]*?ref=\"([A-Z0-9:]{1,32})\"");
    private static final int CARRIED_CHARS = 128;

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
                RowSink into = sink;
                if (workbook.isHidden(name)) {
                    into = TemplateMark.META_SHEET.equals(name) ? null : sink.hiddenSheet(name);
                    if (into == null) {
                        LOG.debug("Skipping hidden sheet {}", name);
                        continue;
                    }
                }
                XMLReader xml = XMLHelper.newXMLReader();
                RowCollector rows = new RowCollector(into);
                UncalculatedFormulas formulas = new UncalculatedFormulas(rows);
                formulas.setContentHandler(new XSSFSheetXMLHandler(styles, null, strings, rows, formatter, false));
                xml.setContentHandler(formulas);
                // a hidden sheet is only looked at for a header, never read as results: its merges do not matter
                List<MergedRegion> merges = into == sink ? mergedRegions(sheets.getSheetPart()) : List.of();
                into.startSheet(name);
                into.mergedRegions(merges);
                try {
                    xml.parse(new InputSource(in));
                } catch (StopSheet stop) {
                    LOG.debug("No header in the first rows of sheet {}; skipped the rest", name);
                }
                into.endSheet();
            }
        }
    }

    /**
     * The sheet's vertical merges: a worksheet lists them after its rows ({@code <mergeCells>} follows
     * {@code <sheetData>}), so the part is read once more for them alone, before its rows are: its bytes scanned
     * for {@code <mergeCell ref="A2:A3"/>}, not parsed as XML again (a sheet of 200,000 rows costs its inflating
     * only). At most {@value #MAX_MERGES} are kept: a department's form has tens.
     */
    private static List<MergedRegion> mergedRegions(PackagePart sheet) throws IOException {
        List<MergedRegion> regions = new ArrayList<>();
        byte[] buffer = new byte[64 * 1024];
        String carried = "";
        try (InputStream in = sheet.getInputStream()) {
            int read;
            while ((read = in.read(buffer)) > 0 && regions.size() < MAX_MERGES) {
                // ISO-8859-1: one char a byte, the element's ASCII intact whatever the text around it
                String text = carried + new String(buffer, 0, read, StandardCharsets.ISO_8859_1);
                int end = 0;
                Matcher m = MERGE_CELL.matcher(text);
                while (text.contains("mergeCell") && m.find() && regions.size() < MAX_MERGES) {
                    MergedRegion.parse(m.group(1)).ifPresent(regions::add);
                    end = m.end();
                }
                // an element cut by the chunk's end is read with the next chunk
                carried = text.substring(Math.max(end, text.length() - CARRIED_CHARS));
            }
        }
        return regions;
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

    /**
     * Finds the formula cells saved without a result ({@code <c><f>…</f></c>}, no {@code <v>}): Excel always
     * saves the result beside the formula, programs that write workbooks without calculating them do not, and
     * POI then reports the cell as blank, which would erase a value the department meant to give. Finds the error
     * values too ({@code <c t="e"><f>NA()</f><v>#N/A</v></c>}, or without the formula when saved as a value),
     * which POI reports as a text ("ERROR:#N/A") and are none. Sees the sheet's XML on its way to POI's handler and
     * tells the row collector after POI has seen each cell. Also tells it of hidden rows, which POI's handler does
     * not report.
     */
    private static final class UncalculatedFormulas extends XMLFilterImpl {
        /** Characters of a formula kept for the receipt. */
        private static final int MAX_FORMULA_CHARS = 100;
        /** Characters of an error value kept: Excel's longest is #GETTING_DATA. */
        private static final int MAX_ERROR_CHARS = 20;

        private final RowCollector rows;
        private final StringBuilder formula = new StringBuilder();
        private final StringBuilder error = new StringBuilder();
        private int column = -1;
        private boolean hasFormula;
        private boolean hasResult;
        private boolean inFormula;
        private boolean isError;
        private boolean inValue;

        UncalculatedFormulas(RowCollector rows) {
            this.rows = rows;
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes atts) throws SAXException {
            switch (localName) {
                case "row" -> {
                    column = -1;
                    // after POI has begun the row (which resets the collector's row)
                    super.startElement(uri, localName, qName, atts);
                    String hidden = atts.getValue("hidden");
                    if ("1".equals(hidden) || "true".equals(hidden)) {
                        rows.hidden();
                    }
                    return;
                }
                case "c" -> {
                    // as POI places it: a cell without a reference follows the one before it
                    String reference = atts.getValue("r");
                    column = reference == null ? column + 1 : ColumnLetters.indexOf(reference);
                    hasFormula = false;
                    hasResult = false;
                    isError = "e".equals(atts.getValue("t"));
                    formula.setLength(0);
                    error.setLength(0);
                }
                case "f" -> {
                    hasFormula = true;
                    inFormula = true;
                }
                case "v" -> {
                    hasResult = true;
                    inValue = true;
                }
                case "is" -> hasResult = true;
                default -> {
                }
            }
            super.startElement(uri, localName, qName, atts);
        }

        @Override
        public void characters(char[] ch, int start, int length) throws SAXException {
            if (inFormula && formula.length() < MAX_FORMULA_CHARS) {
                formula.append(ch, start, Math.min(length, MAX_FORMULA_CHARS - formula.length()));
            }
            if (inValue && isError && error.length() < MAX_ERROR_CHARS) {
                error.append(ch, start, Math.min(length, MAX_ERROR_CHARS - error.length()));
            }
            super.characters(ch, start, length);
        }

        @Override
        public void endElement(String uri, String localName, String qName) throws SAXException {
            super.endElement(uri, localName, qName);
            if ("f".equals(localName)) {
                inFormula = false;
            } else if ("v".equals(localName)) {
                inValue = false;
            } else if ("c".equals(localName) && hasFormula && !hasResult) {
                rows.uncalculated(column, formula.toString());
            } else if ("c".equals(localName) && isError && hasResult) {
                rows.error(column, error.toString(), hasFormula ? formula.toString() : null);
            }
        }
    }

    /** Collects the cells of one row at a time and hands the row to the sink. */
    private static final class RowCollector implements SheetContentsHandler {
        private final RowSink sink;
        private SortedMap<Integer, String> cells = new TreeMap<>();
        private int lastColumn = -1;
        private boolean hidden;

        RowCollector(RowSink sink) {
            this.sink = sink;
        }

        @Override
        public void startRow(int rowNum) {
            cells = new TreeMap<>();
            lastColumn = -1;
            hidden = false;
        }

        /** The row begun is hidden in Excel. */
        void hidden() {
            hidden = true;
        }

        @Override
        public void cell(String reference, String formattedValue, XSSFComment comment) {
            // files written by some tools omit the reference: the cell then follows the previous one
            int column = reference == null ? lastColumn + 1 : ColumnLetters.indexOf(reference);
            lastColumn = column;
            String text = CellText.clean(formattedValue);
            if (!text.isEmpty()) {
                cells.put(column, text);
            }
        }

        @Override
        public void endRow(int rowNum) {
            if (hidden) {
                sink.hiddenRow(rowNum + 1);
            }
            if (!sink.row(rowNum + 1, cells)) {
                throw new StopSheet();
            }
        }

        /** A formula cell the file holds no result of: marked, so that it is refused at its cell, not read as blank. */
        void uncalculated(int column, String formula) {
            cells.put(column, SourceCell.UNCALCULATED + CellText.clean(formula));
        }

        /**
         * An error value (#N/A, #DIV/0! …: POI reports it as "ERROR:#N/A"): marked, so that it is refused at its cell,
         * not read as a text the department wrote.
         *
         * @param formula the formula that gave it, or null when the error is saved as a value
         */
        void error(int column, String error, String formula) {
            cells.put(column, SourceCell.errorValue(error, formula));
        }
    }
}
