package dev.latchkey.client.ui;

import imgui.ImFontAtlas;
import imgui.ImFontConfig;
import imgui.ImFontGlyphRangesBuilder;
import imgui.ImGuiIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Fonts from the operating system (nothing is bundled): a sans-serif text font, and a font with Hangul
 * merged in for the Korean texts. Without a Hangul font, Korean is offered disabled with a note.
 */
public final class Fonts {

    private static final Logger LOG = Logger.getLogger(Fonts.class.getName());
    static final float SIZE = 17f;

    private static final List<String> TEXT_FONTS = List.of(
            "C:/Windows/Fonts/segoeui.ttf",
            "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
            "/usr/share/fonts/TTF/DejaVuSans.ttf",
            "/usr/share/fonts/dejavu/DejaVuSans.ttf",
            "/System/Library/Fonts/Supplemental/Arial.ttf");

    private static final List<String> HANGUL_FONTS = List.of(
            "C:/Windows/Fonts/malgun.ttf",
            "/usr/share/fonts/truetype/nanum/NanumGothic.ttf",
            "/usr/share/fonts/truetype/unfonts-core/UnDotum.ttf",
            "/usr/share/fonts/truetype/baekmuk/gulim.ttf",
            "/System/Library/Fonts/Supplemental/AppleGothic.ttf");

    private final boolean hangul;

    private Fonts(boolean hangul) {
        this.hangul = hangul;
    }

    /** Adds the fonts to the atlas (the caller builds it). */
    public static Fonts install(ImGuiIO io) {
        ImFontAtlas atlas = io.getFonts();
        Optional<Path> text = first(TEXT_FONTS);
        if (text.isPresent()) {
            atlas.addFontFromFileTTF(text.get().toString(), SIZE);
        } else {
            atlas.addFontDefault();
        }
        Optional<Path> korean = first(HANGUL_FONTS);
        if (korean.isEmpty()) {
            LOG.info("No Hangul font found; Korean is unavailable");
            return new Fonts(false);
        }
        // Only the glyphs our texts use: the full Hangul range would make the atlas a hundred times larger.
        ImFontGlyphRangesBuilder ranges = new ImFontGlyphRangesBuilder();
        ranges.addText(Messages.everyLanguage());
        ImFontConfig merge = new ImFontConfig();
        merge.setMergeMode(true);
        atlas.addFontFromFileTTF(korean.get().toString(), SIZE, merge, ranges.buildRanges());
        merge.destroy();
        return new Fonts(true);
    }

    /** Whether Korean text can be drawn. */
    public boolean hangul() {
        return hangul;
    }

    private static Optional<Path> first(List<String> candidates) {
        return candidates.stream().map(Path::of).filter(Files::isRegularFile).findFirst();
    }
}
