using Saarthi.Knowledge.Model;
using Saarthi.Knowledge.Storage;

namespace Saarthi.Knowledge;

/// <summary>What the dialogue asks of the scheme snapshot.</summary>
public interface IKnowledgeBase
{
    Snapshot Snapshot { get; }

    Scheme? Find(string schemeId);

    /// <summary>Full-text search over names, aliases and texts in every language, best first.</summary>
    IReadOnlyList<SearchHit> Search(string text, int limit = 5);
}
