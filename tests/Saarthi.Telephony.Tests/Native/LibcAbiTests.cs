using System.Diagnostics;
using System.Globalization;
using Saarthi.Native.Interop.Libc;

namespace Saarthi.Telephony.Tests.Native;

public sealed class LibcAbiTests
{
    [Fact]
    public async Task LibcAbi_Mirrors_MatchTheSystemHeaders()
    {
        var cc = new[] { "/usr/bin/cc", "/usr/bin/gcc" }.FirstOrDefault(File.Exists);
        if (cc is null)
        {
            Assert.Skip("no C compiler to read the system headers with");
        }

        var dir = Directory.CreateTempSubdirectory("saarthi-abi-").FullName;
        var source = Path.Combine(dir, "abi.c");
        var exe = Path.Combine(dir, "abi");
        var constants = string.Concat(LibcAbi.Constants.Keys.Select(k => $"  printf(\"{k} %lld\\n\", (long long){k});\n"));
        await File.WriteAllTextAsync(source, $$"""
            #define _GNU_SOURCE
            #include <fcntl.h>
            #include <errno.h>
            #include <poll.h>
            #include <stddef.h>
            #include <stdio.h>
            #include <sys/eventfd.h>
            #include <sys/file.h>
            #include <sys/ioctl.h>
            #include <termios.h>
            int main(void) {
              printf("sizeof_termios %zu\n", sizeof(struct termios));
              printf("offsetof_c_cc %zu\n", offsetof(struct termios, c_cc));
              printf("offsetof_c_ispeed %zu\n", offsetof(struct termios, c_ispeed));
              printf("sizeof_pollfd %zu\n", sizeof(struct pollfd));
            {{constants}}  return 0;
            }
            """, TestContext.Current.CancellationToken);
        await Run(cc, "-o", exe, source);
        var values = (await Run(exe))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' '))
            .ToDictionary(p => p[0], p => long.Parse(p[1], CultureInfo.InvariantCulture));

        Assert.Equal(values["sizeof_termios"], LibcAbi.TermiosSize);
        Assert.Equal(values["offsetof_c_cc"], LibcAbi.TermiosCcOffset);
        Assert.Equal(values["offsetof_c_ispeed"], LibcAbi.TermiosIspeedOffset);
        Assert.Equal(values["sizeof_pollfd"], LibcAbi.PollFdSize);
        foreach (var (name, value) in LibcAbi.Constants)
        {
            Assert.True(values[name] == value, $"{name}: C says {values[name]}, the binding says {value}");
        }

        Directory.Delete(dir, recursive: true);
    }

    private static async Task<string> Run(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{file} failed: {error}");
        return output;
    }
}
