package jp.reform.collector.samples;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.apache.poi.hpsf.SummaryInformation;
import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.ooxml.POIXMLProperties;
import org.apache.poi.ss.usermodel.BorderStyle;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.DataFormat;
import org.apache.poi.ss.usermodel.DataValidation;
import org.apache.poi.ss.usermodel.DataValidationHelper;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.HorizontalAlignment;
import org.apache.poi.ss.usermodel.IndexedColors;
import org.apache.poi.ss.usermodel.PrintSetup;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.VerticalAlignment;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.ss.util.CellRangeAddressList;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * Writes the sample inbox the README's first command sweeps: fictional FY2025 (令和7年度) results for the
 * Atsugi plan (atsugi-7-2), one file per department, made the way city staff make them (an Excel form
 * with a title row, a full-width 令和７年度, 千円 and 時間 written into the cell, a CSV saved by Japanese
 * Excel in Windows-31J, Excel "Unicode text", an old .xls with a formula). Most files are accepted, some
 * with warnings; 財政課's file has several mistakes and is rejected; 行政総務課, 危機管理課, 企画政策課,
 * 各債権担当課 and 学校施設課 send nothing.
 *
 * <p>The values are invented but plausible against the plan's FY2025 targets; {@code SampleInboxTest}
 * states the grade each one should get. Run:
 * {@code java -cp … jp.reform.collector.samples.SampleInboxWriter samples/inbox}
 */
public final class SampleInboxWriter {

    /** The moment every workbook says it was created and saved (9:30 JST, 24 April 2026). */
    private static final Date SAVED = Date.from(Instant.parse("2026-04-24T00:30:00Z"));
    private static final Charset WINDOWS_31J = Charset.forName("windows-31j");
    private static final String CRLF = "\r\n";

    private SampleInboxWriter() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("Usage: SampleInboxWriter <inbox folder>   e.g. samples/inbox");
            System.exit(2);
        }
        List<Path> written = write(Path.of(args[0]));
        written.forEach(p -> System.out.println("wrote " + p));
    }

    /** Writes every sample file below the inbox folder (created if needed) and returns their paths. */
    public static List<Path> write(Path inbox) throws IOException {
        List<Path> files = new ArrayList<>();
        files.add(shokuin(folder(inbox, "職員課")));
        files.add(gyoseiKeiei(folder(inbox, "行政経営課")));
        files.add(dx(folder(inbox, "情報政策課")));
        files.add(sangyoShinko(folder(inbox, "産業振興課")));
        files.add(shiminKyodo(folder(inbox, "市民協働推進課")));
        files.add(keiyakuKensa(folder(inbox, "契約検査課")));
        files.add(zaisei(folder(inbox, "財政課")));
        return files;
    }

    private static Path folder(Path inbox, String department) throws IOException {
        Path dir = inbox.resolve(department);
        Files.createDirectories(dir);
        return dir;
    }

    // ------------------------------------------------------------------------------------------------
    // 職員課: the form as 行政経営課 hands it out (title gives the year, no 年度 column), percent cells,
    // 「171 時間」 and 「約1,020人」 typed as text, a 記入例 sheet of instructions that must be ignored.

    private static Path shokuin(Path dir) throws IOException {
        try (XSSFWorkbook wb = new XSSFWorkbook()) {
            Form form = new Form(wb, "実績報告", "游ゴシック", 11, 11, 36, 12, 11, 44, 40, 36, 10);
            form.title("令和7年度 第7次厚木市行政改革大綱 第2期実施計画 実績報告書（職員課）");
            form.header("指標コード", "成果指標", "目標値", "実績値", "取組状況", "成果と課題", "今後の取組", "自己評価");
            form.inputColumns(3, 7);
            form.row("I-1-ア-1", "研修報告「講義内容が理解できた」と回答した割合", "100%", pct(0.962),
                    "職員アンケートの結果を踏まえ、階層別研修のカリキュラムを見直し、課長補佐級を対象とした対話型研修を新たに実施した。（受講者312人）",
                    "新設した対話型研修は好評であったが、一部の専門研修で「内容が難しい」との回答があり、目標には届かなかった。",
                    "研修前に事前課題を配布し、受講者の理解度に合わせた内容とする。",
                    "概ね達成");
            form.row("I-1-ア-2", "職員自主研究グループ数", "5 グループ", 5,
                    "自主研究グループ活動支援制度を庁内掲示板で周知し、新たに1グループ（地域DX研究会）が発足した。",
                    "5グループが活動し、うち2グループが研究成果を庁内報告会で発表した。",
                    "報告会の成果を施策提案につなげる仕組みを検討する。",
                    "達成");
            form.row("I-1-イ-1", "人事評価に関するアンケート「評価結果を部下（被評価者）の育成に活用している」と回答した割合", "100%",
                    pct(1.0),
                    "全評価者（368人）を対象に評価者研修を実施し、面談時のフィードバック手法を重点的に取り上げた。",
                    "回答者全員が「活用している」と回答した。",
                    "新任評価者へのフォローアップ研修を継続する。",
                    "達成");
            form.row("I-1-イ-2", "人事評価制度見直しの実施状況", "見直し・反映", null,
                    "令和6年度の職員アンケートの結果を踏まえ、目標設定シートの様式を簡素化し、令和7年度の評価から反映した。",
                    "評価者・被評価者双方の事務負担が軽減された。",
                    "見直し後の制度について、アンケートにより効果を検証する。",
                    "達成");
            form.row("I-1-イ-3", "マネジメント研修等の実施状況", "効果検証", null,
                    "新任課長を対象としたマネジメント研修を2回実施した。リーダーメンター制度では12組のペアで面談を行った。",
                    "研修後アンケートにより効果検証を行ったが、メンター面談の実施回数にばらつきがあり、検証は一部にとどまった。",
                    "面談の実施時期を年間計画で示し、全ペアで効果検証を行う。",
                    "概ね達成");
            form.row("I-1-ウ-1", "技術職員の派遣研修実施件数", "28件", 29,
                    "国土交通大学校、全国建設研修センター、都市整備技術センターへ技術職員を派遣した。",
                    "目標を上回る29件の派遣を行った。",
                    "派遣者による庁内伝達研修を充実する。",
                    "達成");
            form.row("I-1-ウ-2", "研修機関への派遣研修報告で「講義内容が理解できた」と回答した割合", "100%", pct(1.0),
                    "派遣前に研修ニーズ調査を行い、職務に直結する研修を選定した。",
                    "派遣者全員が「理解できた」と回答した。",
                    "ニーズ調査の結果を翌年度の派遣計画に反映する。",
                    "達成");
            form.row("I-2-ア-2", "庁内応援の実施件数", "27件", 28,
                    "選挙事務、確定申告受付、イベント運営等で全庁応援・部内応援を実施した。",
                    "応援依頼の手続を電子化し、調整期間が短縮された。",
                    "応援実績を集計し、繁忙期の人員配置の検討に活用する。",
                    "達成");
            form.row("I-2-イ-1", "社会人採用の人数", "1人", 2,
                    "社会人採用試験（土木・建築）を実施した。",
                    "土木職1人、建築職1人を採用した。",
                    "専門職の採用を継続する。",
                    "達成");
            form.row("I-2-イ-2", "専門職を必要とする職場への人事配置率", "100%", pct(1.0),
                    "【職員課】行政総務課の調査結果を踏まえ、専門職を必要とする職場へ有資格者を配置した。",
                    "対象となる全ての職場に配置した。",
                    "退職予定者を踏まえた計画的な採用と配置を行う。",
                    "達成");
            form.row("I-2-イ-3", "職員採用試験申込者数", "1,000人", "約1,020人",
                    "大学での説明会（8校）、インターンシップ、SNSでの情報発信により採用PRを実施した。",
                    "申込者数は速報値で約1,020人となり、目標を上回った。（確定値は集計後に報告します）",
                    "若年層に向けたSNSでの発信を強化する。",
                    "達成");
            form.row("I-3-ア-1", "職員一人当たりの時間外勤務時間数（選挙を除く）", "175 時間", "171 時間",
                    "時間外勤務縮減計画・管理表により所属ごとに月次で管理し、上限を超える見込みの所属にはヒアリングを行った。",
                    "前年度から減少し、目標を達成した。",
                    "繁忙期の業務平準化に向けた取組を所属と協議する。",
                    "達成");
            form.row("I-3-ア-2", "年休取得率", "64.5%", pct(0.658),
                    "年休取得促進シートを活用し、連続休暇の取得を呼び掛けた。",
                    "取得率が向上し、目標を達成した。",
                    "取得率の低い所属への個別の働き掛けを行う。",
                    "達成");
            form.row("I-3-ア-3", "男性育休取得率", "85%", pct(0.625),
                    "対象職員と所属長への個別面談を実施し、育休取得の意向確認を行った。",
                    "対象職員24人のうち15人が取得した。短期間の取得希望が多く、業務の引継ぎが課題となった。",
                    "所属内の業務分担の見直しを支援し、取得しやすい環境を整える。",
                    "未達成");
            form.listValidation(7, "達成", "概ね達成", "未達成");
            form.finish();

            Sheet notes = wb.createSheet("記入例");
            notes.setColumnWidth(0, 100 * 256);
            String[] lines = {
                "【記入方法】",
                "1. 「実績報告」シートの黄色の欄に、令和7年度の実績を入力してください。",
                "2. 指標コード・成果指標・目標値の欄は変更しないでください。",
                "3. 実績値は数値で入力してください。割合は％で、時間外勤務時間数は「時間」を付けて入力しても構いません。",
                "4. 数値で表せない指標は実績値を空欄とし、取組状況に実施内容を記入してください。",
                "5. 自己評価は、一覧から「達成」「概ね達成」「未達成」のいずれかを選んでください。",
                "6. 入力後は、ファイル名を変えずに共有フォルダの自課のフォルダへ保存してください。",
                "",
                "※ 提出期限：令和8年5月29日（金）　問合せ先：行政経営課（内線2215）",
            };
            for (int i = 0; i < lines.length; i++) {
                if (!lines[i].isEmpty()) {
                    notes.createRow(i).createCell(0).setCellValue(lines[i]);
                }
            }
            return save(wb, dir.resolve("職員課_令和7年度_実績報告.xlsx"), "厚木市 職員課");
        }
    }

    // ------------------------------------------------------------------------------------------------
    // 行政経営課: its own sheet with a 年度 column written 令和７年度 (full-width 7), units in the cells,
    // ○ △ × as self-assessment, and one count (II-1-ア-1) that is more than ten times the baseline.

    private static Path gyoseiKeiei(Path dir) throws IOException {
        try (XSSFWorkbook wb = new XSSFWorkbook()) {
            Form form = new Form(wb, "R7実績", "游ゴシック", 11, 11, 11, 34, 14, 11, 44, 38, 34, 8);
            form.title("第7次厚木市行政改革大綱 第2期実施計画（令和6年度～令和8年度）実績報告　行政経営課");
            form.header("指標コード", "年度", "成果指標", "目標値", "実績値", "取組状況", "成果と課題", "今後の取組", "自己評価");
            form.inputColumns(4, 8);
            String fy = "令和７年度";
            form.row("I-3-ウ-2", fy, "キャッシュレス決済導入手続数（累計）", "3", "3件",
                    "導入方針に基づき、文化会館及び荻野運動公園の施設使用料にキャッシュレス決済を導入した。",
                    "窓口での現金の取扱いが減少した。",
                    "利用状況を検証し、対象施設の拡大を検討する。",
                    "○");
            form.row("II-1-ア-1", fy, "事務事業評価により事業の縮小・廃止を検討した事業数", "2事業", "23事業",
                    "事務事業評価を実施し、評価結果を事業検討会及び予算ヒアリングで活用した。",
                    "評価対象のうち23事業について、縮小・廃止を含めた見直しを検討した。",
                    "評価結果の予算編成への反映状況を公表する。",
                    "○");
            form.row("II-1-ア-2", fy, "行政評価制度検討状況", "研究", null,
                    "【行政経営課】他市の行政評価制度を調査し、事務事業評価との連携について研究した。\n"
                            + "【企画政策課】総合計画の進行管理手法と合わせて研究を行った。",
                    "両課で研究結果を共有し、課題を整理した。",
                    "令和8年度に新たな制度の骨子を検討する。",
                    "○");
            form.row("II-1-イ-1", fy, "研修報告で経営感覚が醸成されたと回答した受講者の割合", "90%", 92.3,
                    "係長級職員を対象に、外部講師による経営感覚醸成研修を実施した。（受講者52人）",
                    "受講者の92.3%が「経営感覚が醸成された」と回答した。",
                    "研修内容を実務に生かす事例紹介を取り入れる。",
                    "○");
            form.row("II-2-ア-1", fy, "広告料収入（一般会計+病院事業会計）（現物納付を除く）", "15,000 千円", "15,820千円",
                    "広報あつぎ、ホームページのバナー、封筒等への広告掲載を推進し、新たに公用車へのラッピング広告を開始した。",
                    "目標を上回る広告料収入を確保した。",
                    "新たな広告媒体の開拓を進める。",
                    "○");
            form.row("II-2-ア-2", fy, "ネーミングライツ導入数（累計）", "4 件", "3件",
                    "市内施設2か所についてネーミングライツのパートナーを募集した。",
                    "新たに1件を導入したが、もう1件は応募がなく、目標に届かなかった。",
                    "募集条件を見直し、再募集を行う。",
                    "×");
            form.row("II-3-ア-1", fy, "市民実感度調査「小・中学校や公民館、児童館などの公共建築物について、施設の老朽化に対する取組が進んでいる」と回答した市民の割合",
                    "43.5%", "38.7%",
                    "長寿命化工事の進捗状況を広報あつぎで特集し、周知を図った。",
                    "前年度から上昇したが、目標には届かなかった。",
                    "工事完了施設の見学会など、市民が実感できる周知方法を検討する。",
                    "△");
            form.row("II-3-ア-2", fy, "公共施設個別施設計画による第1期短期再編プログラムの進捗率", "66.7%", "66.7%",
                    "短期再編プログラムに基づき、2施設の複合化に着手した。",
                    "計画どおり進捗した。",
                    "残る施設の再編に向けて、地元説明を行う。",
                    "○");
            form.row("II-3-イ-1", fy, "現本庁舎敷地跡地等の取組に対する市民への意見聴取の機会", "6回", "6回",
                    "基本方針に基づき、市民ワークショップを4回、オープンハウスを2回開催した。",
                    "延べ318人から意見を聴取した。",
                    "聴取した意見を跡地活用の基本計画に反映する。",
                    "○");
            form.row("III-2-イ-1", fy, "指定管理者制度の運用に関するガイドライン策定の進捗状況", "ガイドラインの策定", null,
                    "指定管理者制度の運用に関するガイドラインを策定し、令和7年12月に庁内へ通知した。",
                    "モニタリングの方法と評価基準を統一した。",
                    "令和8年度からガイドラインの運用を開始する。",
                    "○");
            form.row("III-2-イ-2", fy, "PPP/PFI手法の優先的検討の実施件数", "0件", "1件",
                    "要綱に基づき、（仮称）北部学校給食センター整備事業について優先的検討を行った。",
                    "簡易な検討の結果、PFI手法の導入可能性調査を行うこととした。",
                    "導入可能性調査を実施する。",
                    "○");
            form.row("III-2-ウ-1", fy, "協定に基づく企業との連携数（累計）", "3件", "3件",
                    "広域連携の協定に基づき、新たに1社と連携を開始した。",
                    "目標どおり連携数を拡大した。",
                    "協定自治体と共同で企業への働き掛けを行う。",
                    "○");
            form.row("III-2-ウ-2", fy, "協定に基づく取組の実施件数", "6件", "5件",
                    "協定自治体と合同で防災訓練、職員研修、観光PR等を実施した。",
                    "予定していた合同イベント1件が荒天により中止となった。",
                    "中止となった取組の代替実施を調整する。",
                    "△");
            form.row("III-3-ア-1", fy, "使用料見直し検討の進捗状況", "使用料改定に向けた手続", null,
                    "使用料の改定案を作成し、パブリックコメントを実施した。",
                    "条例改正案の議会提出が令和8年第2回定例会にずれ込む見込みとなった。",
                    "施設利用者への周知を含め、改定に向けた手続を進める。",
                    "△");
            form.listValidation(8, "○", "△", "×");
            form.finish();
            return save(wb, dir.resolve("行政経営課_R7実績.xlsx"), "厚木市 行政経営課");
        }
    }

    // ------------------------------------------------------------------------------------------------
    // DX推進課, still filing under its former name 情報政策課: a CSV saved by Japanese Excel (Windows-31J,
    // CRLF, quotes only where needed), with ①② and the wave dash ～ (U+FF5E, as Windows types it).

    private static Path dx(Path dir) throws IOException {
        List<List<String>> rows = List.of(
                List.of("指標コード", "年度", "実績値", "取組状況", "成果と課題", "今後の取組", "自己評価"),
                List.of("I-3-イ-1", "2025", "1,630万文字",
                        "①生成AIの利用ガイドラインを改定し、全庁での利用を継続した。②職員向けの活用研修（初級～応用）を4回開催した。",
                        "議事録の要約や文書の下書きでの利用が定着し、累計の利用文字数は目標を上回った。",
                        "業務ごとの活用事例を共有し、利用の少ない所属への支援を行う。",
                        "達成"),
                List.of("I-3-ウ-1", "2025", "91",
                        "①子育て・福祉分野の手続6件を電子申請に対応させた。②市ホームページ及び窓口で電子申請の周知を行った（9月～12月）。",
                        "対象手続数は91件となり、目標を達成した。",
                        "利用件数の少ない手続について、入力画面の改善を検討する。",
                        "達成"));
        return text(dir.resolve("dx_results.csv"), WINDOWS_31J, new byte[0], ',', rows);
    }

    // ------------------------------------------------------------------------------------------------
    // 産業振興課: an old .xls (BIFF8) kept from an earlier template; the year is in the 実績 column's
    // header, and the investment amount is a formula summing the two rounds of subsidies (in 千円).

    private static Path sangyoShinko(Path dir) throws IOException {
        try (HSSFWorkbook wb = new HSSFWorkbook()) {
            Form form = new Form(wb, "実績", "ＭＳ Ｐゴシック", 11, 11, 34, 6, 13, 13, 44, 36, 32, 9);
            form.title("令和7年度 行政改革実施計画 実績報告（産業振興課）");
            form.header("指標コード", "成果指標", "単位", "令和7年度目標", "令和7年度実績", "取組状況", "成果と課題", "今後の取組",
                    "自己評価");
            form.inputColumns(4, 8);
            form.row("II-2-イ-1", "企業立地件数(他市からの立地と市内企業の再投資)(累計)", "件", 15, 14,
                    "市外企業への訪問（延べ58社）、商工会議所や金融機関との情報交換を行い、新たに2件の立地（うち市内企業の再投資1件）が決定した。",
                    "交渉中の1件が令和8年度に持ち越しとなり、目標に1件届かなかった。",
                    "産業用地の情報提供を強化し、交渉中の案件の立地につなげる。",
                    "概ね達成");
            form.row("II-2-イ-2", "設備投資額", "千円", 290000, formula("152000+141500"),
                    "中小企業設備投資促進補助金を交付した。（前期募集 24件 152,000千円、後期募集 21件 141,500千円）",
                    "後期募集を追加したことにより、目標を上回る設備投資を支援した。",
                    "省エネルギー設備への投資を重点的に支援する。",
                    "達成");
            form.listValidation(8, "達成", "概ね達成", "未達成");
            form.finish();
            wb.createInformationProperties();
            SummaryInformation info = wb.getSummaryInformation();
            info.setAuthor("厚木市 産業振興課");
            info.setLastAuthor("厚木市 産業振興課");
            info.setCreateDateTime(SAVED);
            info.setLastSaveDateTime(SAVED);
            info.setApplicationName("Microsoft Excel");
            Path file = dir.resolve("産業振興課_実績.xls");
            try (OutputStream out = Files.newOutputStream(file)) {
                wb.write(out);
            }
            return file;
        }
    }

    // ------------------------------------------------------------------------------------------------
    // 市民協働推進課: Excel's "CSV UTF-8" (with BOM), year written R7, a 担当課 column, 39.8% as typed.

    private static Path shiminKyodo(Path dir) throws IOException {
        List<List<String>> rows = List.of(
                List.of("指標コード", "年度", "担当課", "成果指標", "実績値", "取組状況", "成果と課題", "今後の取組", "自己評価"),
                List.of("III-1-ア-1", "R7", "市民協働推進課", "市民協働提案事業の実施件数", "6件",
                        "市民活動団体からの提案6件を採択し、団体と市の協働により事業を実施した。",
                        "新たに子育て支援、防災の分野で2団体が事業を開始した。",
                        "事業報告会を開催し、成果を市民に周知する。",
                        "達成"),
                List.of("III-2-ア-1", "R7", "市民協働推進課",
                        "市民実感度調査「自治会やボランティア・NPO等の活動に参加している」と回答した市民の割合", "39.8%",
                        "自治会連絡協議会の活動支援、15地区の地域づくり推進委員会への補助、ボランティアセンターでの講座開催を行った。",
                        "目標を上回ったが、現状値（41.8%）は下回っており、若い世代の参加が課題である。",
                        "若い世代向けに、短時間で参加できるボランティアの情報を発信する。",
                        "達成"));
        return text(dir.resolve("kyodo_2025.csv"), StandardCharsets.UTF_8, new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                ',', rows);
    }

    // ------------------------------------------------------------------------------------------------
    // 契約検査課: Excel's "Unicode text" (UTF-16LE with BOM, tab-separated); the cell with a line break is
    // quoted, as Excel writes it.

    private static Path keiyakuKensa(Path dir) throws IOException {
        List<List<String>> rows = List.of(
                List.of("指標コード", "年度", "成果指標", "実績値", "取組状況", "成果と課題", "今後の取組", "自己評価"),
                List.of("I-3-イ-2", "令和7年度", "電子契約の導入率（工事、委託、物品、物品賃貸借）", "32.4%",
                        "電子契約サービスの対象を全ての契約種別に拡大し、事業者向けの説明会を2回開催した。\n"
                                + "（電子契約 412件／対象契約 1,272件）",
                        "物品賃貸借での利用が進み、目標を上回った。",
                        "工事請負契約での利用拡大に向けて、市内事業者への個別の案内を行う。",
                        "達成"));
        return text(dir.resolve("keiyaku.txt"), StandardCharsets.UTF_16LE, new byte[] {(byte) 0xFF, (byte) 0xFE}, '\t',
                rows);
    }

    // ------------------------------------------------------------------------------------------------
    // 財政課: the file with mistakes. Besides its one indicator for 令和7年度 (fine), the sheet keeps the
    // rows of earlier years (令和5年度 is outside the plan; 令和6年度 has the self-assessment 「まあまあ」),
    // a code with a typo (III-3-イ-9) and a row for another department's indicator (II-2-ウ-1).

    private static Path zaisei(Path dir) throws IOException {
        try (XSSFWorkbook wb = new XSSFWorkbook()) {
            Form form = new Form(wb, "実績報告", "游ゴシック", 11, 11, 11, 34, 14, 44, 36, 32, 10);
            form.title("令和7年度 実績報告書（財政課）");
            form.header("指標コード", "年度", "成果指標", "実績値", "取組状況", "成果と課題", "今後の取組", "自己評価");
            form.inputColumns(3, 7);
            String name = "「補助金の交付に関する基準」、「補助金及び交付金に関する調書」の見直しの進捗状況";
            form.row("III-3-イ-1", "令和5年度", name, null,
                    "補助金の交付に関する基準の見直しに向けて、庁内の補助金の現状を調査した。",
                    "", "", "達成");
            form.row("III-3-イ-1", "令和6年度", name, null,
                    "基準、調書の見直し案を作成し、庁内へ通知した。",
                    "一部の補助金で調書の記載内容にばらつきが残った。",
                    "記載例を示し、調書の精度を高める。",
                    "まあまあ");
            form.row("III-3-イ-1", "令和7年度", name, null,
                    "見直し後の基準、調書により令和8年度予算を編成した。",
                    "全ての補助金について、見直し後の調書による査定を行った。",
                    "運用上の課題を整理し、基準、調書に反映する。",
                    "達成");
            form.row("III-3-イ-9", "令和7年度", "国庫等補助金の確保", "1,284,000千円",
                    "国・県の補助制度の情報を各課に提供し、補助金の確保に努めた。",
                    "", "", "達成");
            form.row("II-2-ウ-1", "令和7年度", "各債権の収納率", "98.9%",
                    "市税等の収納率向上に向けた取組を各債権担当課と連携して実施した。",
                    "", "", "概ね達成");
            form.finish();
            return save(wb, dir.resolve("財政課_実績報告.xlsx"), "厚木市 財政課");
        }
    }

    // ------------------------------------------------------------------------------------------------

    /** A numeric cell formatted 0.0% (0.962 shows 96.2%). */
    private record Percent(double fraction) {
    }

    /** A formula cell; its cached result is computed before saving, as Excel does. */
    private record Formula(String expression) {
    }

    private static Percent pct(double fraction) {
        return new Percent(fraction);
    }

    private static Formula formula(String expression) {
        return new Formula(expression);
    }

    /** Fixed document properties so that a re-generated workbook differs as little as possible. */
    private static Path save(XSSFWorkbook wb, Path file, String author) throws IOException {
        POIXMLProperties.CoreProperties core = wb.getProperties().getCoreProperties();
        core.setCreator(author);
        core.setLastModifiedByUser(author);
        core.setCreated(Optional.of(SAVED));
        core.setModified(Optional.of(SAVED));
        wb.getProperties().getExtendedProperties().setApplication("Microsoft Excel");
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        wb.write(written);
        Files.write(file, withFixedEntryTimes(written.toByteArray()));
        return file;
    }

    /** The same package with every zip entry dated {@link #SAVED} instead of the moment POI wrote it. */
    private static byte[] withFixedEntryTimes(byte[] zip) throws IOException {
        LocalDateTime saved = LocalDateTime.ofInstant(SAVED.toInstant(), ZoneId.of("Asia/Tokyo"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip));
             ZipOutputStream rewritten = new ZipOutputStream(out)) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                ZipEntry copy = new ZipEntry(entry.getName());
                copy.setTimeLocal(saved);
                rewritten.putNextEntry(copy);
                in.transferTo(rewritten);
                rewritten.closeEntry();
            }
        }
        return out.toByteArray();
    }

    /**
     * A delimited text file as Excel saves it: CRLF between records, a field quoted only when it holds
     * the delimiter, a quote or a line break (a line break inside a cell stays LF).
     */
    private static Path text(Path file, Charset charset, byte[] bom, char delimiter, List<List<String>> rows)
            throws IOException {
        StringBuilder text = new StringBuilder();
        for (List<String> row : rows) {
            List<String> fields = new ArrayList<>();
            for (String field : row) {
                boolean quote = field.indexOf(delimiter) >= 0 || field.contains("\"") || field.contains("\n");
                fields.add(quote ? "\"" + field.replace("\"", "\"\"") + "\"" : field);
            }
            text.append(String.join(String.valueOf(delimiter), fields)).append(CRLF);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(bom);
        bytes.write(encodeStrictly(text.toString(), charset));
        Files.write(file, bytes.toByteArray());
        return file;
    }

    /** Fails rather than writing ? for a character the encoding lacks (〜 U+301C in Windows-31J). */
    private static byte[] encodeStrictly(String text, Charset charset) throws CharacterCodingException {
        ByteBuffer buffer = charset.newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .encode(CharBuffer.wrap(text));
        return Arrays.copyOf(buffer.array(), buffer.limit());
    }

    /**
     * One results sheet laid out like a city form: a merged title row, a blank row, a shaded header
     * row, bordered and wrapped data rows with the input columns in light yellow, fitted to an A4
     * landscape page.
     */
    private static final class Form {
        private static final int TITLE_ROW = 0;
        private static final int HEADER_ROW = 2;

        private final Workbook wb;
        private final Sheet sheet;
        private final int[] widths;
        private final DataFormat formats;
        private final Font bold;
        private final Map<String, CellStyle> styles = new HashMap<>();
        private int nextRow = HEADER_ROW + 1;
        private int firstInput = Integer.MAX_VALUE;
        private int lastInput = -1;

        Form(Workbook wb, String sheetName, String fontName, int fontSize, int... widths) {
            this.wb = wb;
            this.sheet = wb.createSheet(sheetName);
            this.widths = widths;
            this.formats = wb.createDataFormat();
            Font plain = wb.getFontAt(0);
            plain.setFontName(fontName);
            plain.setFontHeightInPoints((short) fontSize);
            this.bold = wb.createFont();
            bold.setFontName(fontName);
            bold.setFontHeightInPoints((short) fontSize);
            bold.setBold(true);
            for (int i = 0; i < widths.length; i++) {
                sheet.setColumnWidth(i, widths[i] * 256 + 128);
            }
        }

        void title(String text) {
            Font font = wb.createFont();
            font.setFontName(bold.getFontName());
            font.setFontHeightInPoints((short) 14);
            font.setBold(true);
            CellStyle style = wb.createCellStyle();
            style.setFont(font);
            style.setVerticalAlignment(VerticalAlignment.CENTER);
            Row row = sheet.createRow(TITLE_ROW);
            row.setHeightInPoints(24);
            row.createCell(0).setCellValue(text);
            row.getCell(0).setCellStyle(style);
            sheet.addMergedRegion(new CellRangeAddress(TITLE_ROW, TITLE_ROW, 0, widths.length - 1));
        }

        void header(String... names) {
            if (names.length != widths.length) {
                throw new IllegalArgumentException(names.length + " column names for " + widths.length + " widths");
            }
            CellStyle style = bordered();
            style.setFont(bold);
            style.setAlignment(HorizontalAlignment.CENTER);
            style.setVerticalAlignment(VerticalAlignment.CENTER);
            style.setFillForegroundColor(IndexedColors.PALE_BLUE.getIndex());
            style.setFillPattern(FillPatternType.SOLID_FOREGROUND);
            Row row = sheet.createRow(HEADER_ROW);
            row.setHeightInPoints(30);
            for (int i = 0; i < names.length; i++) {
                Cell cell = row.createCell(i);
                cell.setCellValue(names[i]);
                cell.setCellStyle(style);
            }
            sheet.createFreezePane(0, HEADER_ROW + 1);
        }

        /** Columns first..last (0-based) are the ones the department fills in. */
        void inputColumns(int first, int last) {
            firstInput = first;
            lastInput = last;
        }

        void row(Object... values) {
            if (values.length > widths.length) {
                throw new IllegalArgumentException(values.length + " values for " + widths.length + " columns");
            }
            Row row = sheet.createRow(nextRow++);
            int lines = 1;
            for (int i = 0; i < widths.length; i++) {
                Object value = i < values.length ? values[i] : null;
                boolean input = i >= firstInput && i <= lastInput;
                Cell cell = row.createCell(i);
                String shown;
                if (value instanceof Percent p) {
                    cell.setCellValue(p.fraction());
                    cell.setCellStyle(style(input, "0.0%", HorizontalAlignment.RIGHT));
                    shown = "100.0%";
                } else if (value instanceof Formula f) {
                    cell.setCellFormula(f.expression());
                    cell.setCellStyle(style(input, "#,##0", HorizontalAlignment.RIGHT));
                    shown = "000,000";
                } else if (value instanceof Number n) {
                    cell.setCellValue(n.doubleValue());
                    String format = n instanceof Double ? "0.0" : "#,##0";
                    cell.setCellStyle(style(input, format, HorizontalAlignment.RIGHT));
                    shown = String.format("%,.1f", n.doubleValue());
                } else {
                    String text = value == null ? "" : value.toString();
                    if (!text.isEmpty()) {
                        cell.setCellValue(text);
                    }
                    boolean shortText = text.length() <= 12 && !text.contains("\n");
                    cell.setCellStyle(style(input, null, shortText && i != 1 && i != 2
                            ? HorizontalAlignment.CENTER : HorizontalAlignment.LEFT));
                    shown = text;
                }
                lines = Math.max(lines, linesNeeded(shown, widths[i]));
            }
            row.setHeightInPoints(Math.max(20f, lines * 15f + 4f));
        }

        /** A drop-down list on the data rows of one column, as the city's forms have for 自己評価. */
        void listValidation(int column, String... choices) {
            DataValidationHelper helper = sheet.getDataValidationHelper();
            DataValidation validation = helper.createValidation(helper.createExplicitListConstraint(choices),
                    new CellRangeAddressList(HEADER_ROW + 1, nextRow - 1, column, column));
            validation.setShowErrorBox(false);
            sheet.addValidationData(validation);
        }

        void finish() {
            wb.getCreationHelper().createFormulaEvaluator().evaluateAll();
            PrintSetup print = sheet.getPrintSetup();
            print.setLandscape(true);
            print.setPaperSize(PrintSetup.A4_PAPERSIZE);
            print.setFitWidth((short) 1);
            print.setFitHeight((short) 0);
            sheet.setFitToPage(true);
            sheet.setRepeatingRows(new CellRangeAddress(HEADER_ROW, HEADER_ROW, -1, -1));
        }

        private CellStyle style(boolean input, String format, HorizontalAlignment alignment) {
            String key = input + "|" + format + "|" + alignment;
            return styles.computeIfAbsent(key, k -> {
                CellStyle style = bordered();
                style.setWrapText(true);
                style.setVerticalAlignment(VerticalAlignment.TOP);
                style.setAlignment(alignment);
                if (format != null) {
                    style.setDataFormat(formats.getFormat(format));
                }
                if (input) {
                    style.setFillForegroundColor(IndexedColors.LIGHT_YELLOW.getIndex());
                    style.setFillPattern(FillPatternType.SOLID_FOREGROUND);
                }
                return style;
            });
        }

        private CellStyle bordered() {
            CellStyle style = wb.createCellStyle();
            style.setBorderTop(BorderStyle.THIN);
            style.setBorderBottom(BorderStyle.THIN);
            style.setBorderLeft(BorderStyle.THIN);
            style.setBorderRight(BorderStyle.THIN);
            return style;
        }

        /** Rows of wrapped text a cell needs: a Japanese character takes two of the column's width units. */
        private static int linesNeeded(String text, int widthChars) {
            int usable = Math.max(2, widthChars - 1);
            int lines = 0;
            for (String line : text.split("\n", -1)) {
                int width = line.codePoints().map(cp -> cp < 0x1100 || cp >= 0xFF61 && cp <= 0xFF9F ? 1 : 2).sum();
                lines += Math.max(1, (width + usable - 1) / usable);
            }
            return lines;
        }
    }
}
