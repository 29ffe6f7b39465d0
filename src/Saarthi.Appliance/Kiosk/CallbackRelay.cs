using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Saarthi.Sync.Telemetry;

namespace Saarthi.Appliance.Kiosk;

/// <summary>
/// Hands the "call me back" requests that calls write to <c>callbacks.jsonl</c> to sync's durable queue (sent on the
/// callbacks topic until the broker has them), then removes them from the file. Each request's id is the hash of its
/// line, so a relay cut off before the removal queues nothing twice when it runs again. A line that is not a request
/// is moved to <c>callbacks.rejected.jsonl</c> and named in the log. Runs between calls (nothing else writes then).
/// </summary>
public sealed class CallbackRelay(string path, KioskTelemetry telemetry, Action<string> log)
{
    public string RejectedPath => Path.ChangeExtension(path, ".rejected.jsonl");

    /// <summary>Relays what is waiting; returns how many requests were newly queued.</summary>
    public int Relay()
    {
        if (!File.Exists(path)) return 0;
        var lines = File.ReadAllLines(path);
        var rejected = new List<string>();
        int queued = 0;
        for (int i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0) continue;
            if (!TryParse(line, out var number, out var language, out var scheme, out var at, out var problem))
            {
                log($"callbacks: line {i + 1} of {path} is not a callback request ({problem}); moved to {RejectedPath}");
                rejected.Add(line);
                continue;
            }
            var id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(line)))[..32];
            if (telemetry.RecordCallbackRequest(number, language, at, schemeId: scheme, requestId: id)) queued++;
        }
        if (rejected.Count > 0) File.AppendAllLines(RejectedPath, rejected);
        File.Delete(path);
        if (queued > 0) log($"callbacks: {queued} request(s) queued for the NGO");
        return queued;
    }

    private static bool TryParse(string line, out string number, out string language, out string? scheme, out DateTimeOffset at, out string problem)
    {
        (number, language, scheme, at, problem) = ("", "", null, default, "");
        try
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) { problem = "not a JSON object"; return false; }
            if (!root.TryGetProperty("number", out var n) || n.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(n.GetString()))
            { problem = "no number"; return false; }
            if (!root.TryGetProperty("at", out var a) || a.ValueKind != JsonValueKind.String
                || !DateTimeOffset.TryParse(a.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out at))
            { problem = "no valid time"; return false; }
            number = n.GetString()!;
            language = root.TryGetProperty("language", out var l) && l.ValueKind == JsonValueKind.String ? l.GetString()! : "hi";
            scheme = root.TryGetProperty("scheme_id", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
            return true;
        }
        catch (JsonException e)
        {
            problem = "not JSON: " + e.Message;
            return false;
        }
    }
}
