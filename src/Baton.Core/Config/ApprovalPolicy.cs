using System.Text.Json.Serialization;

namespace Baton.Core.Config;

public enum ApprovalPolicy
{
    Never,
    [JsonStringEnumMemberName("on-request")]
    OnRequest,
    Always,
}
