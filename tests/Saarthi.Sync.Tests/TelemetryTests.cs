using System.Text;
using System.Text.Json.Nodes;
using Saarthi.Sync.Telemetry;

namespace Saarthi.Sync.Tests;

public sealed class TelemetryTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static JsonNode Payload(OutboxItem item) => JsonNode.Parse(Encoding.UTF8.GetString(item.Payload))!;

    [Fact]
    public void RecordCall_AggregatesPerDayWithoutCallerDetails()
    {
        using var t = new KioskTelemetry(_dir.Path);
        var yesterday = DateTimeOffset.UtcNow.AddDays(-1);
        t.RecordCall(new CallTelemetry(yesterday, TimeSpan.FromSeconds(60), "phone", "hi", ["pm-kisan"], 1, "completed"));
        t.RecordCall(new CallTelemetry(yesterday, TimeSpan.FromSeconds(30), "phone", "en", ["pm-kisan", "ayushman-bharat"], 2, "caller_hung_up"));

        Assert.Equal(1, t.CloseDays());

        var daily = Payload(Assert.Single(t.Peek(10)));
        Assert.Equal(2, (int)daily["calls"]!);
        Assert.Equal(90, (int)daily["call_seconds"]!);
        Assert.Equal(2, (int)daily["questions_per_scheme"]!["pm-kisan"]!);
        Assert.Equal(1, (int)daily["languages"]!["en"]!);
        Assert.Equal(0, t.CloseDays()); // nothing left to close
    }

    [Fact]
    public void RecordCall_Intents_CountedPerDayAndShownInTodaysCountsWithoutTexts()
    {
        using var t = new KioskTelemetry(_dir.Path);
        t.RecordCall(new CallTelemetry(DateTimeOffset.UtcNow, TimeSpan.FromSeconds(40), "phone", "en", ["pm-kisan"], 3, "completed",
            ["scheme_info", "how_to_apply", "scheme_info"]));
        t.RecordUnanswered("what is the price of onions", "en", outOfScope: true);

        var today = t.TodayCounts();

        Assert.Equal(2L, (long)today["intents"]!["scheme_info"]!);
        Assert.Equal(1L, (long)today["intents"]!["how_to_apply"]!);
        Assert.Equal(1L, (long)today["calls"]!);
        Assert.Null(today["unanswered_questions"]);
        Assert.DoesNotContain("onions", today.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void RecordCallbackRequest_SameIdTwice_QueuedOnce()
    {
        using var t = new KioskTelemetry(_dir.Path);
        var at = DateTimeOffset.UtcNow;

        Assert.True(t.RecordCallbackRequest("+919800000001", "hi", at, requestId: "req-1"));
        Assert.False(t.RecordCallbackRequest("+919800000001", "hi", at, requestId: "req-1"));
        Assert.True(t.RecordCallbackRequest("+919800000002", "en", at, requestId: "req-2"));

        var ids = t.Peek(10).Where(i => i.Kind == KioskTelemetry.KindCallbacks).Select(i => (string?)Payload(i)["id"]).ToList();
        Assert.Equal(new[] { "req-1", "req-2" }, ids);
        Assert.Equal(2L, (long)t.TodayCounts()["callback_requests"]!);
    }

    [Fact]
    public void RecordUnanswered_NumbersScrubbedAndCappedPerDay()
    {
        using var t = new KioskTelemetry(_dir.Path, new TelemetryOptions { MaxUnansweredPerDay = 3 });
        t.RecordUnanswered("mera aadhaar 1234 5678 9012 hai, pension kab aayegi?", "hi", outOfScope: false);
        t.RecordUnanswered("how much is 6000 rupees in dollars", "en", outOfScope: true);
        for (int i = 0; i < 5; i++)
        {
            t.RecordUnanswered("cricket score " + i, "en", outOfScope: true);
        }

        var today = t.TodaySoFar();
        var texts = today["unanswered_questions"]!.AsArray().Select(q => (string)q!["text"]!).ToList();
        Assert.Equal(3, texts.Count);
        Assert.Equal("mera aadhaar [number] hai, pension kab aayegi?", texts[0]);
        Assert.Contains("6000 rupees", texts[1], StringComparison.Ordinal); // amounts are not phone numbers
        Assert.Equal(6L, (long)today["out_of_scope"]!);
        Assert.Equal(1L, (long)today["unanswered"]!);
    }

    [Fact]
    public void Queue_Bounded_DropsOldestTelemetryBeforeCallbacks()
    {
        using var t = new KioskTelemetry(_dir.Path, new TelemetryOptions { MaxQueuedMessages = 5 });
        t.RecordCallbackRequest("+919800000001", "hi", DateTimeOffset.UtcNow);
        for (int i = 0; i < 10; i++)
        {
            t.RecordError("modem", "no carrier " + i);
        }

        var items = t.Peek(100);
        Assert.Equal(5, items.Count);
        Assert.Equal(6, t.Dropped);
        Assert.Contains(items, i => i.Kind == KioskTelemetry.KindCallbacks);
        Assert.Equal("no carrier 9", (string?)Payload(items[^1])["message"]);
    }

    [Fact]
    public void Queue_SurvivesReopen_UntilAcknowledged()
    {
        using (var t = new KioskTelemetry(_dir.Path))
        {
            t.RecordCallbackRequest("+919800000002", "mr", DateTimeOffset.UtcNow, "pm-kisan");
            t.RecordError("audio", "device busy");
        }

        using var reopened = new KioskTelemetry(_dir.Path);
        var items = reopened.Peek(10);
        Assert.Equal(2, items.Count);
        Assert.Equal("+919800000002", (string?)Payload(items[0])["number"]);
        Assert.Contains("device busy", reopened.LastError, StringComparison.Ordinal);
        reopened.Acknowledge(items[0].Seq);
        Assert.Equal(1, reopened.Queued);
    }
}
