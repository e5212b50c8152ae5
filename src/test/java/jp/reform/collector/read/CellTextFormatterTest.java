package jp.reform.collector.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CellTextFormatterTest {

    private static final int GENERAL = 0;
    private static final int CUSTOM = 164;

    @Test
    void numbersInFullPrecisionWithoutTrailingZeros() {
        assertEquals("26", CellTextFormatter.numeric(26.0, GENERAL, "General", false));
        assertEquals("0.30000000000000004", CellTextFormatter.numeric(0.1 + 0.2, GENERAL, "General", false));
        assertEquals("1234567.5", CellTextFormatter.numeric(1234567.5, CUSTOM, "#,##0", false));
        assertEquals("-3", CellTextFormatter.numeric(-3, CUSTOM, "0;[Red]-0", false));
        assertEquals("0", CellTextFormatter.numeric(0, GENERAL, "General", false));
        assertEquals("100000000000000000000", CellTextFormatter.numeric(1e20, GENERAL, "General", false));
    }

    @Test
    void percentCellsShowTheirPercentage() {
        assertEquals("72.1%", CellTextFormatter.numeric(0.721, CUSTOM, "0.0%", false));
        assertEquals("72.15%", CellTextFormatter.numeric(0.7215, 9, "0%", false));
        assertEquals("100%", CellTextFormatter.numeric(1, 9, "0%", false));
        assertTrue(CellTextFormatter.isPercent("0.00%"));
        assertFalse(CellTextFormatter.isPercent("0\"%\""), "a quoted % is literal text");
        assertFalse(CellTextFormatter.isPercent("0\\%"), "an escaped % is literal text");
        assertTrue(CellTextFormatter.isPercent("[Red]0.0%"));
        assertFalse(CellTextFormatter.isPercent("0_%"), "_% leaves a space as wide as a %");
    }

    @Test
    void cellsShownInThousandsAreReadAsShown() {
        // a finance sheet's 千円 column: 293,500,000 formatted #,##0, shows 293,500
        assertEquals("293500", CellTextFormatter.numeric(293_500_000, CUSTOM, "#,##0,", false));
        assertEquals("293512.345", CellTextFormatter.numeric(293_512_345, CUSTOM, "#,##0,", false));
        assertEquals("42.6", CellTextFormatter.numeric(42_600_000, CUSTOM, "0.0,,", false));
        assertEquals("-1500", CellTextFormatter.numeric(-1_500_000, CUSTOM, "#,##0,;[Red]\\-#,##0,", false));
        assertEquals("1500", CellTextFormatter.numeric(1_500_000, CUSTOM, "#,##0,\"千円\"", false));
        assertEquals("1500", CellTextFormatter.numeric(1_500_000, CUSTOM, "[$-411]#,##0,", false));
        // commas that only group, or stand in quotes, do not scale
        assertEquals("1234567", CellTextFormatter.numeric(1_234_567, CUSTOM, "#,##0", false));
        assertEquals("1234567", CellTextFormatter.numeric(1_234_567, CUSTOM, "#,##0\",\"", false));
        assertEquals("1234567", CellTextFormatter.numeric(1_234_567, CUSTOM, "#,##0_);(#,##0)", false));
    }

    @Test
    void datesAsIso() {
        assertEquals("2025-03-31", CellTextFormatter.numeric(45747, 14, "m/d/yy", false));
        assertEquals("2025-03-31", CellTextFormatter.numeric(45747 - 1462, CUSTOM, "yyyy/m/d", true));
        assertEquals("2025-03-31T12:00", CellTextFormatter.numeric(45747.5, CUSTOM, "yyyy/m/d h:mm", false));
        assertEquals("12:30", CellTextFormatter.numeric(0.5208333333333334, CUSTOM, "h:mm", false));
    }

    @Test
    void cellTextIsTrimmedWithUnixLineBreaks() {
        assertEquals("a\nb\nc", CellText.clean("  a\r\nb\rc\u3000"));
        assertEquals("", CellText.clean(null));
    }
}
