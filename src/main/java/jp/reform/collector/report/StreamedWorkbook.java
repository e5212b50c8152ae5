package jp.reform.collector.report;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Collections;
import java.util.Enumeration;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.poi.openxml4j.util.ZipArchiveThresholdInputStream;
import org.apache.poi.openxml4j.util.ZipEntrySource;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.util.TempFile;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * A streamed workbook (SXSSF) whose sheets may have merged cells by the hundred thousand. POI keeps every merged
 * region as XML objects until the workbook is written, about 300 bytes each: 取組一覧 of a survey whose
 * 200,000 indicators come two or three to a 取組 would hold some 100,000 of them, tens of MB. Regions given to
 * {@link #merge} go, after a sheet's first, to a temporary file as the {@code <mergeCell>} elements Excel reads,
 * and are put into the sheet's {@code <mergeCells>} when the workbook is written: the same file, in the same
 * order, as if each had been added to the sheet.
 */
public final class StreamedWorkbook extends SXSSFWorkbook {

    private static final Pattern COUNT = Pattern.compile("<mergeCells count=\"(\\d+)\"");
    private static final String END = "</mergeCells>";

    /** Per sheet, the regions kept in a file; identity, since the sheets are the workbook's own objects. */
    private final Map<XSSFSheet, Spilled> spilled = new IdentityHashMap<>();

    public StreamedWorkbook(XSSFWorkbook base, int rowWindow) {
        super(base, rowWindow);
    }

    /**
     * Merges a region of one of this workbook's sheets, unchecked: rows written in order do not overlap, and
     * the check compares each region with all before it. A sheet's first region is added to it as usual, and
     * the later ones go to the file.
     */
    public void merge(XSSFSheet sheet, CellRangeAddress region) {
        Spilled regions = spilled.get(sheet);
        try {
            if (regions == null) {
                // the first stays in the sheet, so that its XML has the <mergeCells> the others are put into
                sheet.addMergedRegionUnsafe(region);
                spilled.put(sheet, new Spilled());
            } else {
                regions.add(region);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected void injectData(ZipEntrySource source, OutputStream out) throws IOException {
        for (Spilled regions : spilled.values()) {
            regions.finish();
        }
        super.injectData(new ZipEntrySource() {
            @Override
            public Enumeration<? extends ZipArchiveEntry> getEntries() {
                return source.getEntries();
            }

            @Override
            public ZipArchiveEntry getEntry(String path) {
                return source.getEntry(path);
            }

            @Override
            public InputStream getInputStream(ZipArchiveEntry entry) throws IOException {
                InputStream in = source.getInputStream(entry);
                XSSFSheet sheet = getSheetFromZipEntryName(entry.getName());
                Spilled regions = sheet == null ? null : spilled.get(sheet);
                if (regions == null || regions.count == 0) {
                    return in;
                }
                if (in instanceof ZipArchiveThresholdInputStream guarded) {
                    guarded.setGuardState(false); // our own part, as the workbook writes every other one
                }
                try (in) {
                    return regions.into(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }

            @Override
            public void close() throws IOException {
                source.close();
            }

            @Override
            public boolean isClosed() {
                return source.isClosed();
            }
        }, out);
    }

    @Override
    public void close() throws IOException {
        try {
            super.close();
        } finally {
            for (Spilled regions : spilled.values()) {
                regions.delete();
            }
        }
    }

    /** A sheet's regions after its first, as {@code <mergeCell ref="A3:A5"/>} elements in a temporary file. */
    private static final class Spilled {
        private File file;
        private Writer writer;
        private int count;

        void add(CellRangeAddress region) throws IOException {
            if (writer == null) {
                file = TempFile.createTempFile("poi-merged-cells", ".xml");
                writer = Files.newBufferedWriter(file.toPath(), StandardCharsets.UTF_8);
            }
            writer.write("<mergeCell ref=\"" + region.formatAsString() + "\"/>");
            count++;
        }

        void finish() throws IOException {
            if (writer != null) {
                writer.close();
            }
        }

        /** The sheet's XML with these regions after the ones it has, and its count of regions corrected. */
        InputStream into(String xml) throws IOException {
            int end = xml.lastIndexOf(END);
            Matcher count = COUNT.matcher(xml);
            if (end < 0 || !count.find() || count.end() > end) {
                throw new IOException("merged cells of a sheet not found in its XML");
            }
            String head = xml.substring(0, count.start(1)) + (Integer.parseInt(count.group(1)) + this.count)
                    + xml.substring(count.end(1), end);
            return new SequenceInputStream(Collections.enumeration(List.of(
                    new ByteArrayInputStream(head.getBytes(StandardCharsets.UTF_8)),
                    Files.newInputStream(file.toPath()),
                    new ByteArrayInputStream(xml.substring(end).getBytes(StandardCharsets.UTF_8)))));
        }

        void delete() throws IOException {
            finish();
            if (file != null) {
                Files.deleteIfExists(file.toPath());
            }
        }
    }
}
