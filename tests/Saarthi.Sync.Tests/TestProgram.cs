namespace Saarthi.Sync.Tests;

/// <summary>
/// The test assembly's entry point: xunit's runner, or (first argument <c>apply-child</c>) the child process the
/// power-loss test kills at random moments while it applies packages.
/// </summary>
internal static class TestProgram
{
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == ApplyChild.Verb)
        {
            return ApplyChild.Run(args[1..]);
        }

        if (args.Any(arg => arg is "--server" or "--internal-msbuild-node"))
        {
            return Xunit.MicrosoftTestingPlatform.TestPlatformTestFramework.RunAsync(args, SelfRegisteredExtensions.AddSelfRegisteredExtensions).GetAwaiter().GetResult();
        }

        return Xunit.Runner.InProc.SystemConsole.ConsoleRunner.Run(args).GetAwaiter().GetResult();
    }
}
