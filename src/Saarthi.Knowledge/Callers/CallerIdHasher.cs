using System.Security.Cryptography;
using System.Text;

namespace Saarthi.Knowledge.Callers;

/// <summary>
/// Caller numbers are never stored: only an HMAC-SHA256 of the normalised number under a per-kiosk secret salt,
/// so a returning caller is recognised but the number cannot be read back or matched against another kiosk.
/// </summary>
public sealed class CallerIdHasher
{
    private readonly byte[] _salt;

    public CallerIdHasher(byte[] salt)
    {
        ArgumentNullException.ThrowIfNull(salt);
        if (salt.Length < 16) throw new ArgumentException("the salt must be at least 16 bytes", nameof(salt));
        _salt = salt.ToArray();
    }

    /// <summary>Reads the salt file, creating it (32 random bytes, owner-only) on first use.</summary>
    public static CallerIdHasher FromSaltFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            var fresh = RandomNumberGenerator.GetBytes(32);
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            try
            {
                using var fs = new FileStream(path, options);
                fs.Write(fresh);
                fs.Flush(flushToDisk: true);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process created it first; use theirs.
            }
        }
        var salt = File.ReadAllBytes(path);
        if (salt.Length < 16) throw new InvalidDataException($"{path}: the caller-id salt is {salt.Length} bytes; expected 32 (delete it to make a new one)");
        return new CallerIdHasher(salt);
    }

    /// <summary>The hash of a caller id; "+91 98765-43210", "09876543210" and "9876543210" are the same caller.</summary>
    public string Hash(string callerId)
    {
        ArgumentNullException.ThrowIfNull(callerId);
        var normalized = Normalize(callerId);
        using var hmac = new HMACSHA256(_salt);
        return Convert.ToHexStringLower(hmac.ComputeHash(Encoding.UTF8.GetBytes(normalized)));
    }

    /// <summary>Digits only, Indian mobile numbers reduced to their last ten digits.</summary>
    public static string Normalize(string callerId)
    {
        ArgumentNullException.ThrowIfNull(callerId);
        var digits = new string(callerId.Where(char.IsAsciiDigit).ToArray());
        if (digits.Length > 10 && (digits.StartsWith("91", StringComparison.Ordinal) || digits.StartsWith('0'))) digits = digits[^10..];
        return digits.Length == 0 ? "unknown" : digits;
    }
}
