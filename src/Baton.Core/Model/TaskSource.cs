namespace Baton.Core.Model;

[System.Text.Json.Serialization.JsonConverter(typeof(Baton.Core.Text.SnakeCaseEnum<TaskSource>))]
public enum TaskSource
{
    Cli,
    File,
    Matrix,
    Http,
}
