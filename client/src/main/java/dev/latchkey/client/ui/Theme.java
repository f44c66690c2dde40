package dev.latchkey.client.ui;

import imgui.ImGui;
import imgui.ImGuiStyle;
import imgui.flag.ImGuiCol;

/** The client's dark theme: ImGui's dark style with rounder corners, more air and a teal accent. */
public final class Theme {

    public static final float[] ERROR = {0.96f, 0.42f, 0.42f, 1f};
    public static final float[] WARNING = {0.98f, 0.78f, 0.35f, 1f};
    public static final float[] SUCCESS = {0.45f, 0.85f, 0.55f, 1f};
    public static final float[] MUTED = {0.60f, 0.63f, 0.68f, 1f};
    public static final float[] ACCENT = {0.30f, 0.76f, 0.74f, 1f};

    private Theme() {
    }

    public static void apply() {
        ImGui.styleColorsDark();
        ImGuiStyle s = ImGui.getStyle();
        s.setWindowRounding(6);
        s.setFrameRounding(4);
        s.setGrabRounding(4);
        s.setTabRounding(4);
        s.setPopupRounding(4);
        s.setWindowPadding(16, 14);
        s.setFramePadding(10, 6);
        s.setItemSpacing(10, 8);
        s.setWindowBorderSize(0);
        color(s, ImGuiCol.WindowBg, 0.09f, 0.10f, 0.12f, 1f);
        color(s, ImGuiCol.ChildBg, 0.11f, 0.12f, 0.14f, 1f);
        color(s, ImGuiCol.PopupBg, 0.12f, 0.13f, 0.16f, 0.98f);
        color(s, ImGuiCol.FrameBg, 0.16f, 0.18f, 0.21f, 1f);
        color(s, ImGuiCol.FrameBgHovered, 0.20f, 0.23f, 0.27f, 1f);
        color(s, ImGuiCol.FrameBgActive, 0.22f, 0.26f, 0.30f, 1f);
        color(s, ImGuiCol.Button, 0.18f, 0.45f, 0.46f, 1f);
        color(s, ImGuiCol.ButtonHovered, 0.22f, 0.56f, 0.57f, 1f);
        color(s, ImGuiCol.ButtonActive, 0.16f, 0.38f, 0.39f, 1f);
        color(s, ImGuiCol.Header, 0.18f, 0.30f, 0.32f, 1f);
        color(s, ImGuiCol.HeaderHovered, 0.22f, 0.38f, 0.40f, 1f);
        color(s, ImGuiCol.HeaderActive, 0.24f, 0.44f, 0.46f, 1f);
        color(s, ImGuiCol.Tab, 0.14f, 0.16f, 0.19f, 1f);
        color(s, ImGuiCol.TabHovered, 0.22f, 0.50f, 0.51f, 1f);
        color(s, ImGuiCol.TabActive, 0.18f, 0.42f, 0.43f, 1f);
        color(s, ImGuiCol.CheckMark, ACCENT[0], ACCENT[1], ACCENT[2], 1f);
        color(s, ImGuiCol.PlotHistogram, ACCENT[0], ACCENT[1], ACCENT[2], 1f);
        color(s, ImGuiCol.TableHeaderBg, 0.14f, 0.16f, 0.19f, 1f);
        color(s, ImGuiCol.Separator, 0.22f, 0.24f, 0.28f, 1f);
    }

    private static void color(ImGuiStyle s, int col, float r, float g, float b, float a) {
        s.setColor(col, r, g, b, a);
    }

    public static void text(float[] rgba, String text) {
        ImGui.textColored(rgba[0], rgba[1], rgba[2], rgba[3], text);
    }
}
