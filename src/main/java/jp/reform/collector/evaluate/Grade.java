package jp.reform.collector.evaluate;

import jp.reform.collector.normalise.SelfAssessment;

/** The committee's grades, plus 未提出 for an expected result that is missing or incomplete. */
public enum Grade {
    ACHIEVED("達成"),
    MOSTLY_ACHIEVED("概ね達成"),
    NOT_ACHIEVED("未達成"),
    NOT_SUBMITTED("未提出");

    private final String label;

    Grade(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    static Grade of(SelfAssessment assessment) {
        return switch (assessment) {
            case ACHIEVED -> ACHIEVED;
            case MOSTLY_ACHIEVED -> MOSTLY_ACHIEVED;
            case NOT_ACHIEVED -> NOT_ACHIEVED;
        };
    }
}
