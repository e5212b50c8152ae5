package jp.reform.collector.master;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * SHA-256 of the master-data files' bytes, per scope ({@code departments}, {@code plan:<code>}), as found in
 * config/ now. Far cheaper than parsing: a reading command whose fingerprints all equal the ones the last
 * synchronisation stored knows the database is current without reading a plan (MasterDataSync stores them).
 * Taken before the files are parsed, so that a file changed meanwhile shows as changed at the next start.
 */
public final class MasterFingerprint {

    public static final String DEPARTMENTS = "departments";

    private MasterFingerprint() {
    }

    /** The scope name of a plan in master_data_hash. */
    public static String planScope(String planCode) {
        return "plan:" + planCode;
    }

    /** Every scope of the configuration folder, plans in folder order; a file that cannot be read is left out. */
    public static Map<String, String> of(Path configDir) {
        Map<String, String> fingerprints = new LinkedHashMap<>();
        Path departments = configDir.resolve(MasterDataLoader.DEPARTMENTS_FILE);
        if (Files.isRegularFile(departments)) {
            fingerprints.put(DEPARTMENTS, hash(List.of(departments)));
        }
        Path plans = configDir.resolve(MasterDataLoader.PLANS_FOLDER);
        if (Files.isDirectory(plans)) {
            try (Stream<Path> folders = Files.list(plans)) {
                for (Path folder : folders.filter(Files::isDirectory).sorted().toList()) {
                    try (Stream<Path> files = Files.list(folder)) {
                        fingerprints.put(planScope(folder.getFileName().toString()),
                                hash(files.filter(Files::isRegularFile).sorted().toList()));
                    }
                }
            } catch (IOException e) {
                return Map.of(); // nothing to compare with: the caller parses and synchronises as usual
            }
        }
        return fingerprints;
    }

    private static String hash(List<Path> files) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (Path file : files) {
                digest.update(file.getFileName().toString().getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                try (InputStream in = Files.newInputStream(file)) {
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        digest.update(buffer, 0, n);
                    }
                }
                digest.update((byte) 0);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            return "unreadable:" + e.getMessage(); // never equal to a stored fingerprint
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
