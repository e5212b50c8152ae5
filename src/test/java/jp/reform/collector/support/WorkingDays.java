package jp.reform.collector.support;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import jp.reform.collector.master.HolidayCalendar;

/** Dates a test may give as a 差し戻し's deadline whatever day it runs: the console refuses a closed day. */
public final class WorkingDays {

    private static final HolidayCalendar CALENDAR = HolidayCalendar.inConfig(Path.of("config"));

    private WorkingDays() {
    }

    /** About {@code days} from today in the city's time: that day, or the working day before it. */
    public static LocalDate about(int days) {
        return CALENDAR.previousWorkingDay(LocalDate.now(ZoneId.of("Asia/Tokyo")).plusDays(days));
    }
}
