package jp.reform.collector.committee;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import jp.reform.collector.committee.GradeScale.Level;
import jp.reform.collector.evaluate.EvaluationRefresh;
import jp.reform.collector.master.MasterData;
import jp.reform.collector.master.MasterDataLoader;
import jp.reform.collector.master.PlanMaster;
import jp.reform.collector.store.Database;
import jp.reform.collector.store.MasterDataSync;
import jp.reform.collector.support.TestDatabase;
import org.junit.jupiter.api.Test;

/** The report gathered for the committee from the plan in config/ and an empty round. */
class CommitteeReportBuilderTest {

    private static final MasterData MASTER = new MasterDataLoader().load(Path.of("config"));

    @Test
    void carriesThePlansThresholdsAndEachInitiativesActionsInOrder() throws Exception {
        try (Database db = TestDatabase.fresh()) {
            new MasterDataSync().sync(db, MASTER);
            new EvaluationRefresh().refreshAll(db, MASTER);
            PlanMaster plan = MASTER.plan("atsugi-7-2").orElseThrow();

            CommitteeReport report = new CommitteeReportBuilder(db).build(plan, 2025, LocalDate.of(2026, 7, 1));

            assertThat(report.grades().levels()).extracting(Level::header)
                    .containsExactly("目標達成項目（100％以上）", "概ね達成（80％以上100％未満）", "未達成（80％未満）");
            assertThat(report.indicators()).hasSize(41);
            assertThat(report.indicators()).filteredOn(i -> i.indicatorCode().equals("II-1-ア-1")).singleElement()
                    .satisfies(i -> assertThat(i.actions()).isEqualTo("①施策評価を実施し、評価結果を踏まえた予算編成を行う。\n"
                            + "②事務事業評価を実施し、評価結果を事業検討会や予算ヒアリングにより翌年度予算編成に反映させる。\n"
                            + "③総合計画に合わせた新たな行政評価制度構築の検討を行う。\n④業務量調査を実施する。"));
        }
    }
}
