namespace Baton.Agents.Tests.ModelServer;

/// <summary>Request bodies shaped like the ones the real CLIs send (trimmed to what matters), see agent-clis.md.</summary>
public static class RequestBodies
{
    public const string CodexTools = """
        [{"type":"function","name":"exec_command","description":"Runs a command","strict":false,
          "parameters":{"type":"object","properties":{"cmd":{"type":"string"},"workdir":{"type":"string"},"yield_time_ms":{"type":"number"}},"required":["cmd"]}},
         {"type":"function","name":"write_stdin","parameters":{"type":"object","properties":{"session_id":{"type":"number"},"chars":{"type":"string"}}}},
         {"type":"web_search"}]
        """;

    public const string ApplyPatchTool = """{"type":"custom","name":"apply_patch","description":"Patch files","format":{"type":"grammar","syntax":"lark","definition":"start: x"}}""";

    public static string Codex(string prompt, string tools = CodexTools, string extraItems = "") => """
        {"model":"scripted-model","instructions":"You are Codex.","stream":true,"store":false,"tool_choice":"auto",
         "input":[
          {"type":"message","role":"developer","content":[{"type":"input_text","text":"<permissions instructions>sandbox</permissions instructions>"}]},
          {"type":"message","role":"user","content":[{"type":"input_text","text":"# AGENTS.md instructions for /work/ws\n\nbe nice"},{"type":"input_text","text":"<environment_context>\n  <cwd>/work/ws</cwd>\n  <shell>bash</shell>\n</environment_context>"}]},
          {"type":"message","role":"user","content":[{"type":"input_text","text":@@2@@}]}
          @@0@@],
         "tools":@@1@@,"include":["reasoning.encrypted_content"],"prompt_cache_key":"abc"}
        """.Replace("@@0@@", extraItems, StringComparison.Ordinal).Replace("@@1@@", tools, StringComparison.Ordinal).Replace("@@2@@", Quote(prompt), StringComparison.Ordinal);

    public const string ClaudeTools = """
        [{"name":"Bash","description":"Run bash","input_schema":{"type":"object","properties":{"command":{"type":"string"},"timeout":{"type":"number"},"description":{"type":"string"}},"required":["command"]}},
         {"name":"Write","description":"Write a file","input_schema":{"type":"object","properties":{"file_path":{"type":"string"},"content":{"type":"string"}},"required":["file_path","content"]}}]
        """;

    public static string Claude(string messages, string tools = ClaudeTools) => """
        {"model":"claude-sonnet-4-5","max_tokens":32000,"stream":true,"thinking":{"type":"adaptive"},
         "system":[{"type":"text","text":"You are Claude Code."},{"type":"text","text":"Be concise."}],
         "messages":@@0@@,"tools":@@1@@,"metadata":{"user_id":"u"}}
        """.Replace("@@0@@", messages, StringComparison.Ordinal).Replace("@@1@@", tools, StringComparison.Ordinal);

    public static string ClaudeUser(string prompt) =>
        """{"role":"user","content":[{"type":"text","text":"<system-reminder>\n# Environment\n - Primary working directory: /work/ws\n - Is a git repository: false\n</system-reminder>"},{"type":"text","text":@@0@@}]}""".Replace("@@0@@", Quote(prompt), StringComparison.Ordinal);

    public const string GeminiTools = """
        [{"functionDeclarations":[
          {"name":"run_shell_command","description":"Runs a shell command","parametersJsonSchema":{"type":"object","properties":{"command":{"type":"string"},"description":{"type":"string"},"dir_path":{"type":"string"}},"required":["command"]}},
          {"name":"write_file","parametersJsonSchema":{"type":"object","properties":{"file_path":{"type":"string"},"content":{"type":"string"}},"required":["file_path","content"]}}]}]
        """;

    public static string Gemini(string contents, string tools = GeminiTools) => """
        {"contents":@@0@@,"systemInstruction":{"role":"user","parts":[{"text":"You are an interactive CLI agent."}]},
         "tools":@@1@@,"generationConfig":{"temperature":1,"topP":0.95,"topK":64,"thinkingConfig":{"includeThoughts":true}}}
        """.Replace("@@0@@", contents, StringComparison.Ordinal).Replace("@@1@@", tools, StringComparison.Ordinal);

    // Gemini CLI 0.61 sends the session context and the prompt as two parts of one user content.
    public static string GeminiUser(string prompt) => """
        {"role":"user","parts":[{"text":"<session_context>\nThis is the Gemini CLI. We are setting up the context for our chat.\n- **Workspace Directories:**\n  - /work/ws\n</session_context>"},{"text":@@0@@}]}
        """.Replace("@@0@@", Quote(prompt), StringComparison.Ordinal);

    public const string OpencodeTools = """
        [{"type":"function","function":{"name":"bash","description":"Run","parameters":{"type":"object","properties":{"command":{"type":"string"},"timeout":{"type":"number"},"description":{"type":"string"}},"required":["command","description"]}}},
         {"type":"function","function":{"name":"write","parameters":{"type":"object","properties":{"filePath":{"type":"string"},"content":{"type":"string"}},"required":["filePath","content"]}}}]
        """;

    public static string Opencode(string messages, string tools = OpencodeTools) => """
        {"model":"fake-model","max_tokens":8192,"stream":true,"stream_options":{"include_usage":true},"tool_choice":"auto",
         "messages":[{"role":"system","content":"You are opencode.\nWorking directory: /work/ws"},@@0@@],"tools":@@1@@}
        """.Replace("@@0@@", messages, StringComparison.Ordinal).Replace("@@1@@", tools, StringComparison.Ordinal);

    public static string Quote(string text) => System.Text.Json.JsonSerializer.Serialize(text);
}
