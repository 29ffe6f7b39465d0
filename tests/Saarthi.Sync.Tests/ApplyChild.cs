using Saarthi.Sync.Apply;

namespace Saarthi.Sync.Tests;

/// <summary>
/// The child process of the power-loss test: applies two packages alternately (forced), forever, into one data
/// directory, until the parent SIGKILLs it. Prints "ready" once it is about to start.
/// </summary>
internal static class ApplyChild
{
    public const string Verb = "apply-child";

    /// <summary>args: DATA_DIR PINNED_KEY PACKAGE_A PACKAGE_B</summary>
    public static int Run(string[] args)
    {
        if (args.Length != 4)
        {
            Console.Error.WriteLine("usage: apply-child DATA PINNED_KEY PACKAGE_A PACKAGE_B");
            return 64;
        }

        var packages = new[] { File.ReadAllBytes(args[2]), File.ReadAllBytes(args[3]) };
        using var applier = new UpdateApplier(new UpdateApplierOptions { DataDirectory = args[0], PinnedKeys = args[1] });
        Console.Out.WriteLine("ready");
        Console.Out.Flush();
        for (long i = 0; ; i++)
        {
            var result = applier.ApplyAsync(packages[i % 2], force: true).GetAwaiter().GetResult();
            if (!result.Applied)
            {
                Console.Error.WriteLine("apply failed: " + result.RejectedReason);
                return 1;
            }
        }
    }
}
