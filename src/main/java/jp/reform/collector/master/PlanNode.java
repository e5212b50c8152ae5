package jp.reform.collector.master;

/** A goal, area or initiative of the plan's structure. */
public record PlanNode(String code, String level, String parentCode, String title, int sortOrder) {
}
