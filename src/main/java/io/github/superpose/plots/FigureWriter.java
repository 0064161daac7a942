package io.github.superpose.plots;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ThreadLocalRandom;
import javax.imageio.ImageIO;
import org.jfree.svg.SVGGraphics2D;

/**
 * Writes a {@link Figure} as {@code baseName.png} and {@code baseName.svg}. Each file is written
 * to a temporary file in the same folder and then moved into place, so a reader never sees a
 * half-written figure.
 *
 * <p>Usage: {@code FigureWriter.Written out = FigureWriter.write(fig, runDir, "fan");}
 */
public final class FigureWriter {

    /** Paths of the two files written. */
    public record Written(Path png, Path svg) {}

    private FigureWriter() {}

    /** Writes at the figure's preferred size. */
    public static Written write(Figure figure, Path dir, String baseName) {
        return write(figure, dir, baseName, figure.preferredWidth(), figure.preferredHeight());
    }

    /** Writes at {@code width × height} pixels (SVG user units). */
    public static Written write(Figure figure, Path dir, String baseName, int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("figure size must be positive, got " + width + "x" + height);
        }
        try {
            Files.createDirectories(dir);
            Path png = dir.resolve(baseName + ".png");
            Path svg = dir.resolve(baseName + ".svg");
            byte[] svgBytes = toSvg(figure, width, height).getBytes(StandardCharsets.UTF_8);
            BufferedImage image = toImage(figure, width, height);
            writeAtomically(png, tmp -> {
                if (!ImageIO.write(image, "png", tmp.toFile())) {
                    throw new IOException("no PNG writer available");
                }
            });
            writeAtomically(svg, tmp -> Files.write(tmp, svgBytes));
            return new Written(png, svg);
        } catch (IOException e) {
            // the cause says why (e.g. "No space left on device"); callers name the folder the user knows
            throw new UncheckedIOException("could not write figure " + baseName + " (" + e.getMessage() + ")", e);
        }
    }

    /** Renders to an RGB image with antialiasing. */
    public static BufferedImage toImage(Figure figure, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            ChartStyle.prepare(g);
            figure.render(width, height, g);
        } finally {
            g.dispose();
        }
        return image;
    }

    /** Renders to an SVG document string. */
    public static String toSvg(Figure figure, int width, int height) {
        SVGGraphics2D g = new SVGGraphics2D(width, height);
        ChartStyle.prepare(g);
        figure.render(width, height, g);
        return g.getSVGDocument();
    }

    private interface PathWriter {
        void write(Path tmp) throws IOException;
    }

    // Files.createFile, not createTempFile: the figure keeps the umask's permissions (0644 under
    // umask 022) instead of 0600, so colleagues on a shared filesystem can open it.
    private static Path createTemp(Path target) throws IOException {
        for (int attempt = 0; ; attempt++) {
            String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong());
            try {
                return Files.createFile(target.resolveSibling("." + target.getFileName() + suffix + ".tmp"));
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 10) {
                    throw e;
                }
            }
        }
    }

    /** Writes to a hidden temporary file beside {@code target}, then renames it into place. */
    private static void writeAtomically(Path target, PathWriter writer) throws IOException {
        Path tmp = createTemp(target);
        try {
            writer.write(tmp);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
