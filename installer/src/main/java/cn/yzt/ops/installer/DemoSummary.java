package cn.yzt.ops.installer;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import cn.yzt.ops.protocol.i18n.Texts;

/** The headless demo's result lines, printed in Chinese and English as they happen and as a summary. */
final class DemoSummary {

    /** One step: its bundle key, whether it passed, a detail line and how long it took. */
    record Step(String key, boolean ok, String detail, long millis) {
    }

    private final Texts zh = new DemoTexts(Locale.SIMPLIFIED_CHINESE);
    private final Texts en = new DemoTexts(Locale.ENGLISH);
    private final List<Step> steps = new ArrayList<>();
    private final PrintStream out;

    DemoSummary(PrintStream out) {
        this.out = out;
    }

    void add(Step s) {
        steps.add(s);
        out.printf("%s %s / %s  (%d ms)%n", s.ok() ? "[ OK ]" : "[FAIL]", zh.get("step." + s.key()),
                en.get("step." + s.key()), s.millis());
        if (s.detail() != null && !s.detail().isBlank()) {
            out.println("       " + s.detail());
        }
    }

    boolean allPassed() {
        return !steps.isEmpty() && steps.stream().allMatch(Step::ok);
    }

    void print(long totalMillis) {
        long passed = steps.stream().filter(Step::ok).count();
        out.println();
        out.println("==== " + zh.get("summary.title") + " / " + en.get("summary.title") + " ====");
        for (Step s : steps) {
            out.printf("  %s %-28s %s%n", s.ok() ? "✔" : "✘", zh.get("step." + s.key()), en.get("step." + s.key()));
        }
        String key = allPassed() ? "summary.passed" : "summary.failed";
        out.println(zh.get(key, passed, steps.size(), totalMillis / 1000.0) + " / "
                + en.get(key, passed, steps.size(), totalMillis / 1000.0));
    }

    /** The demo's bundle: Chinese base file, English second. */
    static final class DemoTexts extends Texts {
        DemoTexts(Locale locale) {
            super("cn.yzt.ops.installer.demo", locale);
        }
    }
}
