package jp.reform.collector.intake;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A 課's folder is on a share the 課 may write to: a symbolic link planted there, as the folder itself or as a
 * folder below it, could carry what the collector writes, or what the console hands out, outside the inbox. The
 * archive (writing) and the console (reading) walk the way the same: the 課's folder, then each name below it.
 */
public final class LinksOnTheWay {

    private LinksOnTheWay() {
    }

    /**
     * The first symbolic link from {@code base} (itself included) down to {@code below}, which lies under it;
     * empty when there is none. Only existing names can be links: the rest of the way is not looked at.
     */
    public static Optional<Path> first(Path base, Path below) {
        Path step = base;
        if (Files.isSymbolicLink(step)) {
            return Optional.of(step);
        }
        for (Path name : base.relativize(below)) {
            step = step.resolve(name);
            if (Files.isSymbolicLink(step)) {
                return Optional.of(step);
            }
        }
        return Optional.empty();
    }
}
