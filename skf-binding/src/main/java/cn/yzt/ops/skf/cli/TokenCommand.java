package cn.yzt.ops.skf.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.ParentCommand;

/** Base of the subcommands: access to the context built by {@link UkeyCli}. */
abstract class TokenCommand implements Callable<Integer> {

    @ParentCommand
    private UkeyCli parent;

    CliContext ctx() {
        return parent.context();
    }

    @Override
    public final Integer call() throws Exception {
        return execute(ctx());
    }

    abstract int execute(CliContext ctx) throws Exception;
}
