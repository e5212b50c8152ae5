package jp.reform.collector.console;

import static jp.reform.collector.support.ConsoleClient.segment;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.reform.collector.master.Department;
import jp.reform.collector.master.MasterDataLoader;
import jp.reform.collector.support.ConsoleClient;
import jp.reform.collector.support.ConsoleServer;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lists of 課 on the console follow the city's organisation order (the rows of config/departments.csv: 職員課,
 * 行政総務課, 危機管理課, DX推進課 …), not the names' code points (DX推進課 first): over real HTTP, on the page, in
 * the API and in the exception workbook the division downloads. Within a plan the plan's own order comes first:
 * the board lists 課 by their first indicator, and an indicator's 課 are as the plan writes them.
 */
class DepartmentOrderTest {

    private static final String PLAN = "atsugi-7-2";
    private static final String FY = "2025";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path home;
    private static ConsoleServer server;
    private static List<String> fileOrder;

    @BeforeAll
    static void start() throws Exception {
        // I-1-ア-1, the plan's first indicator, shared with DX推進課: 職員課 and DX推進課 tie on the board; the
        // plan writes DX推進課 first for the indicator itself
        server = ConsoleServer.start(home, config -> {
            Path indicators = config.resolve("plans/" + PLAN + "/indicators.csv");
            String text = Files.readString(indicators);
            String line = text.lines().filter(l -> l.startsWith("I-1-ア-1,")).findFirst().orElseThrow();
            Files.writeString(indicators, text.replace(line, line.replace(",職員課,", ",DX推進課|職員課,")));
        }, inbox -> { });
        fileOrder = new MasterDataLoader().load(home.resolve("config")).departments().stream()
                .map(Department::name).toList();
        assertThat(fileOrder).as("the file is not in code-point order").isNotEqualTo(fileOrder.stream().sorted().toList());
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void theBoardListsThe課ByTheirFirstIndicatorAndTiesInTheFilesOrder() throws Exception {
        HttpResponse<String> page = new ConsoleClient(server).signIn("admin").get("/board?plan=" + PLAN + "&fy=" + FY);
        assertThat(page.statusCode()).isEqualTo(200);
        List<String> rows = all(Pattern.compile("data-department=\"([^\"]+)\""), page.body());

        assertThat(rows).as("I-1-ア-1's two 課 in the file's order (not DX推進課 first), then by first indicator")
                .startsWith("職員課", "DX推進課", "行政総務課", "危機管理課", "契約検査課", "行政経営課", "企画政策課");
        JsonNode board = json(new ConsoleClient(server).signIn("iin"), "/api/board?plan=" + PLAN + "&fy=" + FY);
        assertThat(board.get("departments").findValuesAsText("department")).as("the API as the page")
                .isEqualTo(rows);
    }

    @Test
    void anIndicatorsPageAndApiName課AsThePlanWritesThem() throws Exception {
        ConsoleClient viewer = new ConsoleClient(server).signIn("iin");
        // 行政総務課|職員課 in indicators.csv: neither the file's order of 課 nor their code points
        HttpResponse<String> page = viewer.get("/indicators/" + PLAN + "/" + segment("I-2-イ-2") + "?fy=" + FY);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(all(Pattern.compile("href=\"/departments/([^\"?]+)\\?plan="), page.body()).stream()
                .map(s -> java.net.URLDecoder.decode(s, java.nio.charset.StandardCharsets.UTF_8)).distinct().toList())
                .containsExactly("行政総務課", "職員課");

        JsonNode shared = json(viewer, "/api/indicators/" + PLAN + "/" + segment("I-2-イ-2") + "?fy=" + FY);
        assertThat(texts(shared.get("departments"))).containsExactly("行政総務課", "職員課");
        assertThat(shared.get("review").get("departments").findValuesAsText("department"))
                .containsExactly("行政総務課", "職員課");
        assertThat(texts(json(viewer, "/api/indicators/" + PLAN + "/" + segment("I-1-ア-1") + "?fy=" + FY)
                .get("departments"))).containsExactly("DX推進課", "職員課");
        JsonNode own = json(viewer, "/api/departments/" + segment("職員課") + "?plan=" + PLAN + "&fy=" + FY);
        assertThat(own.findValues("departments").stream().map(DepartmentOrderTest::texts))
                .contains(List.of("DX推進課", "職員課"), List.of("行政総務課", "職員課"));
    }

    @Test
    void theExceptionWorkbookLists課By課InTheFilesOrder() throws Exception {
        HttpResponse<byte[]> download = new ConsoleClient(server).signIn("admin")
                .download("/downloads/exception-workbook?plan=" + PLAN);
        assertThat(download.statusCode()).isEqualTo(200);
        List<String> departments = new ArrayList<>();
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(download.body()))) {
            Sheet missing = wb.getSheet("未提出・期限超過");
            for (int i = 1; i <= missing.getLastRowNum(); i++) {
                departments.add(missing.getRow(i).getCell(0).getStringCellValue());
            }
        }
        List<String> each = List.copyOf(new LinkedHashSet<>(departments));

        assertThat(each).as("課 that owe items, one block each").hasSizeGreaterThan(2)
                .isSortedAccordingTo(Comparator.comparing(fileOrder::indexOf))
                .isNotEqualTo(each.stream().sorted().toList());
        assertThat(departments).as("each 課's items together").isSortedAccordingTo(Comparator.comparing(fileOrder::indexOf));
    }

    private static List<String> all(Pattern pattern, String text) {
        List<String> found = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    private static JsonNode json(ConsoleClient client, String path) throws Exception {
        HttpResponse<String> response = client.get(path);
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }
}
