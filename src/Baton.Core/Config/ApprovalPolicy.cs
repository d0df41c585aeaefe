using System.Text.Json.Serialization;

namespace Baton.Core.Config;

[System.Text.Json.Serialization.JsonConverter(typeof(Baton.Core.Text.SnakeCaseEnum<ApprovalPolicy>))]
public enum ApprovalPolicy
{
    Never,
    [JsonStringEnumMemberName("on-request")]
    OnRequest,
    Always,
}
