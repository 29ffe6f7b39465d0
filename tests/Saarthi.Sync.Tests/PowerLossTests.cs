using System.Diagnostics;
using Saarthi.Knowledge.Storage;
using Saarthi.Sync.Apply;

namespace Saarthi.Sync.Tests;

/// <summary>
/// The apply step killed with SIGKILL at random moments, over and over: the data directory must always open a valid
/// snapshot, old or new, and the sync state must agree with it. (SIGKILL loses what the process had not written;
/// the fsyncs of file and directory extend the same guarantee to a power cut.)
/// </summary>
public sealed class PowerLossTests(ITestOutputHelper output) : IDisposable
{
    private const int Kills = 100;
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task ApplyKilledAtRandomPoints_DataDirectoryAlwaysOpensOldOrNewSnapshot()
    {
        using var ngo = new TestKey(_dir.Sub("keys"));
        var data = _dir.Sub("data");
        var a = _dir.File("a.pkg");
        var b = _dir.File("b.pkg");
        File.WriteAllBytes(a, ngo.Package(Seed.Json, 1));
        File.WriteAllBytes(b, ngo.Package(Seed.Version2(), 2));
        using (var applier = new UpdateApplier(new UpdateApplierOptions { DataDirectory = data, PinnedKeys = ngo.PublicPath }))
        {
            Assert.True((await applier.ApplyAsync(File.ReadAllBytes(a))).Applied);
        }

        var allowed = new HashSet<string> { Seed.SnapshotId, "seed-central-schemes-v2" };
        var seen = new Dictionary<string, int>();
        int midImport = 0;
        var random = new Random(20261122);
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < Kills; i++)
        {
            var before = Leftovers(data);
            // Start with the package that is not serving, so every completed apply changes what serves.
            var serving = SnapshotStore.TryRead(Path.Combine(data, SnapshotStore.CurrentFile), out var now, out _) ? now!.SnapshotId : "";
            using var child = serving == Seed.SnapshotId ? StartChild(data, ngo.PublicPath, b, a) : StartChild(data, ngo.PublicPath, a, b);
            var ready = await child.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(20));
            if (ready != "ready")
            {
                child.Kill();
                Assert.Fail($"kill {i}: the child did not start: {ready} {await child.StandardError.ReadToEndAsync()}");
            }

            // One apply of the seed takes ~100-250 ms here, so kills land in every step. On a loaded machine (the whole suite
            // on two cores) an apply can take seconds: while no apply has been let through, the range keeps widening.
            int range = i >= Kills / 2 && seen.Count < 2 ? 1500 * (1 + ((i - (Kills / 2)) / 10)) : 450;
            Thread.Sleep(random.Next(0, range));
            if (child.HasExited)
            {
                Assert.Fail($"kill {i}: the child exited on its own ({child.ExitCode}): {await child.StandardError.ReadToEndAsync()}");
            }

            child.Kill(); // SIGKILL
            await child.WaitForExitAsync();

            if (Leftovers(data).Except(before).Any())
            {
                midImport++; // killed while building the new database; the next apply removes these leftovers
            }

            Assert.True(SnapshotStore.TryRead(Path.Combine(data, SnapshotStore.CurrentFile), out var snapshot, out var why), $"kill {i}: {why}");
            Assert.Contains(snapshot!.SnapshotId, allowed);
            var state = new SyncStateStore(data).LoadResolved();
            Assert.Equal(snapshot.SnapshotId, state.Current?.SnapshotId);
            Assert.Null(state.Pending);
            seen[snapshot.SnapshotId] = seen.GetValueOrDefault(snapshot.SnapshotId) + 1;
        }

        output.WriteLine($"{Kills} kills in {clock.Elapsed.TotalSeconds:F1} s; {midImport} landed while a new database was being built; serving afterwards: " +
                         string.Join(", ", seen.Select(kv => $"{kv.Key} ×{kv.Value}")));
        Assert.True(midImport > 0, "no kill landed inside an import: the delays do not cover the apply");
        Assert.Equal(2, seen.Count); // both outcomes happened
        Assert.True(midImport < Kills, "some kills should land outside the database build (verify, state writes)");
        Assert.True(Directory.GetFiles(data, "*.staging.db").Length <= 1, "leftover staging files must not pile up");
        Assert.True(SnapshotStore.TryRead(new SnapshotStore(data).PreviousPath, out _, out var prevWhy), "the previous snapshot must stay usable: " + prevWhy);
    }

    private static HashSet<string> Leftovers(string data) =>
        [.. Directory.GetFiles(data, "*.staging.db*"), .. Directory.GetFiles(data, SnapshotStore.PreviousFile + ".tmp")];

    private static Process StartChild(string data, string key, string a, string b)
    {
        var psi = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "exec", typeof(PowerLossTests).Assembly.Location, ApplyChild.Verb, data, key, a, b })
        {
            psi.ArgumentList.Add(arg);
        }

        return Process.Start(psi) ?? throw new InvalidOperationException("could not start the child");
    }
}
