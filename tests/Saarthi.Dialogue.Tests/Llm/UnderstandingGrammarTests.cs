using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using Saarthi.Dialogue.Llm;
using Saarthi.Dialogue.Understanding;
using Saarthi.Native.Interop.Llama;

namespace Saarthi.Dialogue.Tests.Llm;

public sealed class UnderstandingGrammarTests(KnowledgeFixture kb, TinyModelFixture tiny, ITestOutputHelper output) : IClassFixture<TinyModelFixture>
{
    [Fact]
    public void Build_SeedSnapshot_ListsEveryLabelEveryIdAndTheOccupations()
    {
        var grammar = UnderstandingGrammar.Build(kb.Knowledge.Snapshot);

        foreach (var label in Text.IntentLabels)
        {
            Assert.Contains($"\"\\\"{label}\\\"\"", grammar, StringComparison.Ordinal);
        }

        foreach (var id in Seed.SchemeIds)
        {
            Assert.Contains($"\"\\\"{id}\\\"\"", grammar, StringComparison.Ordinal);
        }

        Assert.Contains("street_vendor", grammar, StringComparison.Ordinal);
        Assert.DoesNotContain("\"any\"", grammar, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_SeedSnapshot_IsAGrammarLlamaAccepts()
    {
        using var sampler = tiny.Model.Model.CreateSampler(new LlamaSamplerOptions { Grammar = UnderstandingGrammar.Build(kb.Knowledge.Snapshot) });

        Assert.True(sampler.Count >= 2);
    }

    [Fact]
    public async Task ReadRawAsync_AnySeed_IsAlwaysAValidReading()
    {
        // Random weights and hot sampling: the grammar alone makes every output a valid reading.
        var understander = new LlmUnderstander(tiny.Model, kb.Knowledge.Snapshot, new LlmUnderstandingOptions { TimeBudget = TimeSpan.FromSeconds(30), MaxTokens = 400 });
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var property = Prop.ForAll(
            Gen.Choose(0, int.MaxValue).Select(s => (uint)s).ToArbitrary(),
            seed =>
            {
                var json = understander.ReadRawAsync("meri umar 62 saal hai, pension milegi?", new ConversationState(), seed: seed, temperature: 1.5f)
                    .GetAwaiter().GetResult();
                var reading = LlmUnderstander.Parse(json, kb.Knowledge.Snapshot);
                seen.Add(reading?.Intent.Label() ?? "?");
                using var doc = JsonDocument.Parse(json); // plain JSON too
                return reading is not null && doc.RootElement.GetProperty("slots").ValueKind == JsonValueKind.Object;
            });

        property.Check(Config.QuickThrowOnFailure.WithMaxTest(40)); // ~0.4 s each: grammar-constrained sampling over the byte vocabulary
        output.WriteLine("intents seen: " + string.Join(", ", seen.Order(StringComparer.Ordinal)));
        Assert.True(seen.Count > 3, "hot sampling should reach several intents");
        await Task.CompletedTask;
    }

    [Fact]
    public async Task ReadRawAsync_Greedy_IsDeterministic()
    {
        var understander = new LlmUnderstander(tiny.Model, kb.Knowledge.Snapshot);
        var state = new ConversationState();

        var a = await understander.ReadRawAsync("PM Kisan ke documents?", state, cancellationToken: TestContext.Current.CancellationToken);
        var b = await understander.ReadRawAsync("PM Kisan ke documents?", state, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(a, b);
        Assert.NotNull(LlmUnderstander.Parse(a, kb.Knowledge.Snapshot));
    }

    [Theory]
    [InlineData("""{"intent":"benefits","scheme_id":"pm-kisan","slots":{}}""", true)]
    [InlineData("""{"intent":"eligibility_check_personal","scheme_id":null,"slots":{"age":62,"gender":"female","bpl":true}}""", true)]
    [InlineData("""{"intent":"benefits","scheme_id":"pm-gold","slots":{}}""", false)]
    [InlineData("""{"intent":"weather","scheme_id":null,"slots":{}}""", false)]
    [InlineData("""{"intent":"benefits","scheme_id":null,"slots":{"age":"sixty"}}""", false)]
    [InlineData("""{"intent":"benefits","scheme_id":null,"slots":{"age":250}}""", false)]
    [InlineData("""{"intent":"benefits","scheme_id":null,"slots":{"shoe_size":9}}""", false)]
    [InlineData("""{"intent":"benefits","scheme_id":null}""", false)]
    [InlineData("""{"intent":"benefits","scheme_id":null,"slots":{}""", false)]
    [InlineData("the scheme is PM-KISAN", false)]
    [InlineData("", false)]
    public void Parse_Reading_AcceptsOnlyValidOnes(string json, bool valid)
    {
        Assert.Equal(valid, LlmUnderstander.Parse(json, kb.Knowledge.Snapshot) is not null);
    }
}
