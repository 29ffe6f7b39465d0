using System.Text.RegularExpressions;

namespace Saarthi.Sync.Transfer;

/// <summary>
/// The MQTT topics of the sync protocol (documented in <c>sync/README.md</c>).
/// NGO → kiosk: <c>saarthi/kiosk/&lt;id&gt;/update/&lt;package&gt;/&lt;index&gt;</c> and <c>saarthi/all/update/&lt;package&gt;/&lt;index&gt;</c>.
/// Kiosk → NGO: <c>status</c> (retained), <c>presence</c> (retained, last will <c>offline</c>), <c>events</c>, <c>telemetry</c>, <c>callbacks</c>.
/// </summary>
public static partial class SyncTopics
{
    public const string Root = "saarthi";

    /// <summary>Kiosk ids are used as MQTT client ids and topic levels: letters, digits, '-', '_' and '.', at most 64.</summary>
    public static bool IsValidKioskId(string? id) => id is not null && KioskIdPattern().IsMatch(id);

    public static string KioskUpdates(string kioskId) => $"{Root}/kiosk/{Check(kioskId)}/update/#";

    public const string AllUpdates = Root + "/all/update/#";

    public static string KioskChunk(string kioskId, string packageId, int index) => $"{Root}/kiosk/{Check(kioskId)}/update/{packageId}/{index}";

    public static string AllChunk(string packageId, int index) => $"{Root}/all/update/{packageId}/{index}";

    public static string Status(string kioskId) => $"{Root}/kiosk/{Check(kioskId)}/status";

    public static string Presence(string kioskId) => $"{Root}/kiosk/{Check(kioskId)}/presence";

    public static string Events(string kioskId) => $"{Root}/kiosk/{Check(kioskId)}/events";

    public static string Telemetry(string kioskId) => $"{Root}/kiosk/{Check(kioskId)}/telemetry";

    public static string Callbacks(string kioskId) => $"{Root}/kiosk/{Check(kioskId)}/callbacks";

    /// <summary>The kiosk's own end-of-queue marker: published after subscribing, it arrives after everything queued before it.</summary>
    public static string Marker(string kioskId) => $"{Root}/kiosk/{Check(kioskId)}/sync/marker";

    public static bool IsUpdate(string topic) =>
        topic.StartsWith(Root + "/all/update/", StringComparison.Ordinal) ||
        (topic.StartsWith(Root + "/kiosk/", StringComparison.Ordinal) && topic.Contains("/update/", StringComparison.Ordinal));

    private static string Check(string kioskId) =>
        IsValidKioskId(kioskId) ? kioskId : throw new ArgumentException($"'{kioskId}' is not a valid kiosk id (letters, digits, '-', '_', '.'; at most 64)", nameof(kioskId));

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex KioskIdPattern();
}
