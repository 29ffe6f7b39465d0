using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;

namespace Saarthi.Native.Tests.Abi;

/// <summary>Compiles and runs the C layout probe for a set of structs with the host gcc, or type-checks it with a cross compiler.</summary>
public static class AbiProbe
{
    /// <summary>Key suffix of a field's size in <see cref="Measure"/>'s result ("use_gpu#size").</summary>
    public const string SizeSuffix = "#size";

    /// <summary>The C program: for every struct, "i sizeof N", "i field OFFSET" and "i field#size N" lines.</summary>
    public static string PrintingSource(IReadOnlyList<AbiStruct> structs)
    {
        ArgumentNullException.ThrowIfNull(structs);
        var c = new StringBuilder();
        c.AppendLine("#include <stddef.h>").AppendLine("#include <stdio.h>");
        foreach (var header in structs.Select(s => s.Header).Distinct(StringComparer.Ordinal))
        {
            c.AppendLine(CultureInfo.InvariantCulture, $"#include \"{header}\"");
        }

        c.AppendLine("int main(void) {");
        for (var i = 0; i < structs.Count; i++)
        {
            var s = structs[i];
            c.AppendLine(CultureInfo.InvariantCulture, $"    printf(\"{i} sizeof %zu\\n\", sizeof({s.CType}));");
            foreach (var f in s.Fields)
            {
                c.AppendLine(CultureInfo.InvariantCulture, $"    printf(\"{i} {f.ManagedName} %zu\\n\", offsetof({s.CType}, {f.CDesignator}));");
                c.AppendLine(CultureInfo.InvariantCulture, $"    printf(\"{i} {f.ManagedName}{SizeSuffix} %zu\\n\", sizeof((({s.CType} *)0)->{f.CDesignator}));");
            }
        }

        return c.AppendLine("    return 0;").AppendLine("}").ToString();
    }

    /// <summary>A C file that only compiles when every managed size and offset equals the compiler's (for cross compilers).</summary>
    public static string AssertingSource(IReadOnlyList<AbiStruct> structs)
    {
        ArgumentNullException.ThrowIfNull(structs);
        var c = new StringBuilder();
        c.AppendLine("#include <stddef.h>");
        foreach (var header in structs.Select(s => s.Header).Distinct(StringComparer.Ordinal))
        {
            c.AppendLine(CultureInfo.InvariantCulture, $"#include \"{header}\"");
        }

        foreach (var s in structs)
        {
            c.AppendLine(CultureInfo.InvariantCulture, $"_Static_assert(sizeof({s.CType}) == {Marshal.SizeOf(s.ManagedType)}, \"sizeof {s.Name}\");");
            foreach (var f in s.Fields)
            {
                var offset = Marshal.OffsetOf(s.ManagedType, f.ManagedName);
                c.AppendLine(CultureInfo.InvariantCulture, $"_Static_assert(offsetof({s.CType}, {f.CDesignator}) == {offset}, \"offsetof {s.Name}.{f.CDesignator}\");");
                var size = AbiStruct.FieldSize(s.ManagedType.GetField(f.ManagedName, BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)!.FieldType);
                c.AppendLine(CultureInfo.InvariantCulture, $"_Static_assert(sizeof((({s.CType} *)0)->{f.CDesignator}) == {size}, \"sizeof {s.Name}.{f.CDesignator}\");");
            }
        }

        return c.ToString();
    }

    /// <summary>
    /// Builds the printing probe with <paramref name="compiler"/> against <paramref name="includeDirectory"/>, runs it
    /// and returns (struct index, field or "sizeof") → bytes.
    /// </summary>
    public static Dictionary<(int Struct, string Field), long> Measure(IReadOnlyList<AbiStruct> structs, string includeDirectory, string compiler = "gcc")
    {
        var work = Directory.CreateTempSubdirectory("saarthi-abi-").FullName;
        try
        {
            var source = Path.Combine(work, "probe.c");
            var binary = Path.Combine(work, "probe");
            File.WriteAllText(source, PrintingSource(structs));
            Run(compiler, ["-std=c11", "-Wall", "-Werror", "-I", includeDirectory, source, "-o", binary]);
            var output = Run(binary, []);
            var result = new Dictionary<(int, string), long>();
            foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var parts = line.Split(' ');
                result[(int.Parse(parts[0], CultureInfo.InvariantCulture), parts[1])] = long.Parse(parts[2], CultureInfo.InvariantCulture);
            }

            return result;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>Type-checks the asserting source with <paramref name="compiler"/> (no linking, nothing runs); returns its diagnostics or "".</summary>
    public static string Check(IReadOnlyList<AbiStruct> structs, string includeDirectory, string compiler)
    {
        var work = Directory.CreateTempSubdirectory("saarthi-abi-").FullName;
        try
        {
            var source = Path.Combine(work, "layout.c");
            File.WriteAllText(source, AssertingSource(structs));
            var (code, _, errors) = Execute(compiler, ["-std=c11", "-fsyntax-only", "-I", includeDirectory, source]);
            return code == 0 ? string.Empty : errors;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>Whether <paramref name="program"/> is on PATH.</summary>
    public static bool IsInstalled(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, program)));

    private static string Run(string program, string[] arguments)
    {
        var (code, output, errors) = Execute(program, arguments);
        if (code != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {code}:\n{errors}{output}");
        }

        return output;
    }

    private static (int Code, string Output, string Errors) Execute(string program, string[] arguments)
    {
        var psi = new ProcessStartInfo(program, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {program}");
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output, errors.Result);
    }
}
