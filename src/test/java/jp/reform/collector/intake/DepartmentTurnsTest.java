package jp.reform.collector.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import jp.reform.collector.master.MasterData;
import jp.reform.collector.master.MasterDataLoader;
import jp.reform.collector.store.Database;
import jp.reform.collector.store.FolderRefusalRepository;
import jp.reform.collector.support.TestDatabase;
import org.apache.camel.Exchange;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 課's files are loaded one after another, oldest first, whichever of its folders they are in: a file in the
 * folder of its former name (情報政策課, now DX推進課) or of a full-width spelling waits for the 課's file before it,
 * so that the one saved last stays the current value. Files of different 課 do not wait for each other.
 */
class DepartmentTurnsTest {

    @TempDir
    Path dir;

    @Test
    void aFileInTheFolderOfAFormerNameWaitsForTheTurnOfItsDepartment() throws Exception {
        MasterData master = new MasterDataLoader().load(Path.of("config"));
        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        try (Database db = TestDatabase.fresh()) {
            FolderIntake intake = new FolderIntake(inbox, dir.resolve("staging"), new FolderRefusalRepository(db, "test"),
                    new ReceivedFiles(db), Duration.ofMillis(100), Duration.ofSeconds(5), Clock.systemUTC(), 1 << 20,
                    FolderIntake.departmentOfFolder(master));
            DefaultCamelContext camel = new DefaultCamelContext();

            Exchange older = found(camel, inbox, "情報政策課", "実績_修正前.xlsx");
            intake.waitForItsTurn(older);
            CompletableFuture<Void> newer = CompletableFuture.runAsync(() -> turn(intake, found(camel, inbox, "DX推進課", "実績.csv")));
            CompletableFuture<Void> fullWidth = CompletableFuture.runAsync(() -> turn(intake, found(camel, inbox, "ＤＸ推進課", "x.csv")));
            CompletableFuture<Void> otherDepartment = CompletableFuture.runAsync(() -> turn(intake, found(camel, inbox, "職員課", "y.csv")));

            otherDepartment.get(5, TimeUnit.SECONDS);
            Thread.sleep(300);
            assertThat(newer).as("DX推進課's file while its older file in 情報政策課 is loaded").isNotDone();
            assertThat(fullWidth).isNotDone();
            // the older file done: the next file of the 課 takes its turn
            older.getExchangeExtension().handoverCompletions().forEach(s -> s.onComplete(older));
            CompletableFuture.anyOf(newer, fullWidth).get(5, TimeUnit.SECONDS);
            camel.close();
        }
    }

    private static void turn(FolderIntake intake, Exchange exchange) {
        try {
            intake.waitForItsTurn(exchange);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Exchange found(DefaultCamelContext camel, Path inbox, String folder, String name) {
        try {
            Path file = Files.createDirectories(inbox.resolve(folder)).resolve(name);
            Files.writeString(file, "x");
            GenericFile<File> found = new GenericFile<>();
            found.setFile(file.toFile());
            Exchange exchange = new DefaultExchange(camel);
            exchange.setProperty(Exchange.FILE_EXCHANGE_FILE, found);
            return exchange;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
