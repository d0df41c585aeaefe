using System.Text.Json.Serialization;
using Baton.Core.Model;
using Baton.Core.Text;

namespace Baton.Web;

/// <summary>The API's bodies, source-generated with Baton's JSON settings (snake_case, nulls left out, UTC timestamps).</summary>
[JsonSerializable(typeof(Problem))]
[JsonSerializable(typeof(IReadOnlyList<Baton.Core.Reviews.ReviewVerdictRecord>))]
[JsonSerializable(typeof(TaskList))]
[JsonSerializable(typeof(TaskDetail))]
[JsonSerializable(typeof(TaskAccepted))]
[JsonSerializable(typeof(RunDetail))]
[JsonSerializable(typeof(StopAnswer))]
[JsonSerializable(typeof(QueueState))]
[JsonSerializable(typeof(Health))]
[JsonSerializable(typeof(ContinueRequest))]
[JsonSerializable(typeof(DenyRequest))]
[JsonSerializable(typeof(ApproveRequest))]
[JsonSerializable(typeof(AnswerRequest))]
[JsonSerializable(typeof(RunRecord))]
[JsonSerializable(typeof(TaskItem))]
[JsonSerializable(typeof(Baton.Core.Workspaces.BranchDiff))]
[JsonSerializable(typeof(Baton.Core.Workspaces.MergeOutcome))]
[JsonSerializable(typeof(MergeRequest))]
internal sealed partial class WebJson : JsonSerializerContext
{
    /// <summary>The context over <see cref="BatonJson.NewOptions"/> (the generated default would not use Baton's settings).</summary>
    public static WebJson Api { get; } = new(BatonJson.NewOptions(indented: false));
}
