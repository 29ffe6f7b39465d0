using System.Runtime.InteropServices;

namespace Saarthi.Native.Tests.Abi;

/// <summary>
/// Every mirrored struct of every <see cref="IAbiCatalog"/> against the C compiler's view of the real headers in
/// native/include: sizeof, and the offset and size of every field (a C bool mirrored as int is caught even where
/// padding hides it), on this machine (gcc, run) and for the board (aarch64 gcc,
/// compile-time asserts). Add a library by adding an IAbiCatalog; nothing here changes.
/// </summary>
public sealed class AbiLayoutTests(NativeSetupFixture setup, ITestOutputHelper output)
{
    private static readonly Lock Gate = new();
    private static Dictionary<(int Struct, string Field), long>? measured;

    public static TheoryData<string> StructNames() => [.. AbiCatalogs.All.Select(s => s.Name)];

    private string IncludeDirectory => Path.Combine(setup.RepoRoot, "native", "include");

    [Theory]
    [MemberData(nameof(StructNames))]
    public void Layout_MirroredStruct_MatchesTheHeaderOnThisMachine(string name)
    {
        var all = AbiCatalogs.All;
        var index = all.ToList().FindIndex(s => s.Name == name);
        var entry = all[index];
        var c = Measure(all);

        var managedSize = Marshal.SizeOf(entry.ManagedType);
        output.WriteLine($"{entry.CType}: C {c[(index, "sizeof")]} B, C# {managedSize} B, {entry.Fields.Count} fields");
        var mismatches = new List<string>();
        foreach (var field in entry.Fields)
        {
            var cOffset = c[(index, field.ManagedName)];
            var managedOffset = (long)Marshal.OffsetOf(entry.ManagedType, field.ManagedName);
            if (cOffset != managedOffset)
            {
                mismatches.Add($"{field.CDesignator}: C offset {cOffset}, C# {managedOffset}");
            }

            var cSize = c[(index, field.ManagedName + AbiProbe.SizeSuffix)];
            var managedField = AbiStruct.InstanceFields(entry.ManagedType).Single(f => f.Name == field.ManagedName);
            var managedFieldSize = AbiStruct.FieldSize(managedField.FieldType);
            if (cSize != managedFieldSize)
            {
                mismatches.Add($"{field.CDesignator}: C size {cSize}, C# {managedFieldSize} ({managedField.FieldType.Name})");
            }
        }

        Assert.Empty(mismatches);
        Assert.Equal(c[(index, "sizeof")], managedSize);
    }

    [Fact]
    public void Layout_EveryStruct_MatchesTheHeaderForLinuxArm64()
    {
        const string cross = "aarch64-linux-gnu-gcc";
        Assert.SkipUnless(AbiProbe.IsInstalled(cross), $"{cross} is not installed (apt-get install gcc-aarch64-linux-gnu)");

        var errors = AbiProbe.Check(AbiCatalogs.All, IncludeDirectory, cross);

        Assert.True(errors.Length == 0, errors);
    }

    [Fact]
    public void Layout_KnownSizes_AreTheOnesNativeMdRecords()
    {
        // NATIVE.md: whisper_context_params 48 B, whisper_full_params 304 B (x64 = arm64).
        Assert.Equal(48, Marshal.SizeOf(AbiCatalogs.Find("whisper_context_params").ManagedType));
        Assert.Equal(304, Marshal.SizeOf(AbiCatalogs.Find("whisper_full_params").ManagedType));
    }

    [Fact]
    public void Fields_OfEveryStruct_DoNotOverlapAndLeaveNoUnexplainedTail()
    {
        foreach (var entry in AbiCatalogs.All)
        {
            var end = 0L;
            foreach (var field in AbiStruct.InstanceFields(entry.ManagedType))
            {
                var offset = (long)Marshal.OffsetOf(entry.ManagedType, field.Name);
                Assert.True(offset >= end, $"{entry.Name}.{field.Name} at {offset} overlaps the previous field ending at {end}");
                end = offset + AbiStruct.FieldSize(field.FieldType);
            }

            Assert.True(Marshal.SizeOf(entry.ManagedType) - end < 8, $"{entry.Name} has {Marshal.SizeOf(entry.ManagedType) - end} unexplained trailing bytes");
        }
    }

    private Dictionary<(int Struct, string Field), long> Measure(IReadOnlyList<AbiStruct> all)
    {
        lock (Gate)
        {
            return measured ??= AbiProbe.Measure(all, IncludeDirectory);
        }
    }
}
