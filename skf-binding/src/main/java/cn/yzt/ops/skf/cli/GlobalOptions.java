package cn.yzt.ops.skf.cli;

/** Values of the options every subcommand inherits (set by picocli on the top command). */
final class GlobalOptions {
    String library;
    String device;
    String application;
    String container;
}
