package jp.reform.collector.master;

import java.util.List;
import java.util.Map;

/** A 取組内容 of an initiative, with the departments in charge and its plan text per fiscal year. */
public record PlanAction(String initiativeCode, int number, String text, List<String> departments,
                         Map<Integer, String> yearlyPlans) {
}
