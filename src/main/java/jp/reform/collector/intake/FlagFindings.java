package jp.reform.collector.intake;

import java.util.ArrayList;
import java.util.List;
import jp.reform.collector.domain.BoundedFindings;
import jp.reform.collector.domain.Finding;
import jp.reform.collector.domain.Messages;
import jp.reform.collector.evaluate.Flag;
import jp.reform.collector.evaluate.IncrementalEvaluation;
import jp.reform.collector.store.ResultRepository.TouchedResult;
import jp.reform.collector.store.SubmissionRepository.StoredFinding;

/**
 * The flags the re-evaluation raises on a file's rows (out of range, implausible change …) as findings of its
 * submission, each at the row's cell: every one counted into the file's findings (the receipt's list and the
 * warning count), the first ones, as many as there is room for, also kept to be stored, tied to their
 * indicator and year. The one way a file's flags become findings, whether the file is loaded as it arrives or
 * accepted after being held (締切後の保留), so that both end with the same findings.
 */
public final class FlagFindings implements IncrementalEvaluation.FlagsOfRows {

    private final BoundedFindings findings;
    private final int room;
    private final List<StoredFinding> stored = new ArrayList<>();

    /**
     * @param findings the file's findings, which count every flag
     * @param room     how many flags may still be stored for the submission (the kept maximum less what it has)
     */
    public FlagFindings(BoundedFindings findings, int room) {
        this.findings = findings;
        this.room = Math.max(0, room);
    }

    @Override
    public void accept(TouchedResult row, Flag flag) {
        findings.add(flag.severity(), () -> finding(flag, row));
        if (stored.size() < room) {
            stored.add(new StoredFinding(finding(flag, row), row.planCode(), row.indicatorCode(), row.fiscalYear()));
        }
    }

    /** The flags to store, in file order. */
    public List<StoredFinding> stored() {
        return List.copyOf(stored);
    }

    private static Finding finding(Flag flag, TouchedResult row) {
        Finding finding = new Finding(flag.severity(), flag.code(), row.sheet(), row.row(), row.column(),
                row.cellText(), Messages.text("finding.flag_prefix", row.indicatorCode(), row.fiscalYear())
                + flag.message(), null);
        // a flag about the 取組状況 or the self-assessment is shown at that cell, so the department finds what to
        // fill in or check; where the table has no such column, at the row
        return switch (flag.about()) {
            case ACTUAL -> finding;
            case STATUS_TEXT -> finding.at(row.sheet(), row.row(), row.statusColumn(), null);
            case SELF_ASSESSMENT -> row.assessmentColumn() == null ? keptAssessment(finding, row)
                    : finding.at(row.sheet(), row.row(), row.assessmentColumn(),
                            row.current() == null ? null : row.current().selfAssessmentText());
        };
    }

    /**
     * A flag about the self-assessment of a file without a 自己評価 column: the one judged is what an earlier file
     * gave (kept, see README), so the finding says so instead of showing it as the file's input at the row.
     */
    private static Finding keptAssessment(Finding finding, TouchedResult row) {
        Finding atRow = finding.at(row.sheet(), row.row(), null, null);
        if (row.current() == null || row.current().selfAssessmentText() == null) {
            return atRow;
        }
        return new Finding(atRow.severity(), atRow.code(), atRow.sheet(), atRow.row(), null, null,
                atRow.message() + Messages.text("finding.flag.assessment_kept"), atRow.hint());
    }
}
