-- Drives `kravkat lsp` from Neovim headless, as docs/editors.md sets it up for Neovim 0.7
-- (Debian 12's; `vim.lsp.start_client`, which newer versions still have). tests/lsp.rs runs
--   nvim --headless --clean -n -c "luafile tests/support/nvim_lsp.lua"
-- with NVIM_TEST_SERVER, NVIM_TEST_PROFILE (a copy of examples/affarssystem.yaml) and NVIM_TEST_RESULT
-- set, and checks the JSON this script writes to NVIM_TEST_RESULT: what Neovim received for
-- diagnostics, hover, completion, code actions and go to definition. Every wait has a
-- deadline, and the script always quits, so a failure cannot leave Neovim waiting for input.

local results = {}
local WAIT = 30000

local function finish(err)
  if err then
    results.error = tostring(err)
  end
  vim.fn.writefile({ vim.fn.json_encode(results) }, os.getenv("NVIM_TEST_RESULT"))
  vim.cmd(err and "cquit 1" or "qall!")
end

local function line_of(buf, pattern)
  for i, line in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
    if line:find(pattern, 1, true) then
      return i - 1, line
    end
  end
  error("no line with " .. pattern)
end

local function run()
  vim.cmd("edit " .. vim.fn.fnameescape(os.getenv("NVIM_TEST_PROFILE")))
  local buf = vim.api.nvim_get_current_buf()
  local ready, published = false, 0
  local id = vim.lsp.start_client({
    name = "kravkat",
    cmd = { os.getenv("NVIM_TEST_SERVER"), "lsp" },
    root_dir = vim.fn.fnamemodify(os.getenv("NVIM_TEST_PROFILE"), ":h"),
    on_init = function()
      ready = true
    end,
    handlers = {
      ["textDocument/publishDiagnostics"] = function(err, result, ctx, config)
        published = published + 1
        return vim.lsp.diagnostic.on_publish_diagnostics(err, result, ctx, config)
      end,
    },
  })
  assert(id, "vim.lsp.start_client failed")
  assert(vim.lsp.buf_attach_client(buf, id), "vim.lsp.buf_attach_client failed")
  assert(vim.wait(WAIT, function() return ready end, 20), "the server did not initialise")
  local client = vim.lsp.get_client_by_id(id)
  assert(vim.wait(WAIT, function() return published > 0 end, 20), "no diagnostics on open")
  results.on_open = vim.diagnostic.get(buf)

  local uri = vim.uri_from_bufnr(buf)
  local function ask(method, line, character, extra)
    local params = { textDocument = { uri = uri }, position = { line = line, character = character } }
    for k, v in pairs(extra or {}) do
      params[k] = v
    end
    local answer, err = client.request_sync(method, params, WAIT, buf)
    assert(answer, method .. ": " .. tostring(err))
    assert(not answer.err, method .. ": " .. vim.inspect(answer.err))
    return answer.result
  end

  -- Hover and go to definition on the id of a change.
  local changed = line_of(buf, '"1.12":')
  local hover = ask("textDocument/hover", changed, 4)
  results.hover = hover and hover.contents.value
  local definition = ask("textDocument/definition", changed, 4)
  results.definition = definition and (definition[1] or definition)

  -- Completion while typing a new id in `select.items`.
  local items_line, items = line_of(buf, "  items: [")
  local typing = items:gsub("%]%s*$", ', "1.1')
  vim.api.nvim_buf_set_lines(buf, items_line, items_line + 1, false, { typing })
  local completion = ask("textDocument/completion", items_line, #typing)
  results.completion = completion and (completion.items or completion)

  -- A typo: the diagnostic of `kravkat check` arrives, and the quick fix its hint describes.
  -- (The half-typed line had a problem of its own; the typo's is the one waited for.)
  local typo = items:gsub('"1%.14"', '"1.99"')
  vim.api.nvim_buf_set_lines(buf, items_line, items_line + 1, false, { typo })
  local function typo_reported()
    local all = vim.diagnostic.get(buf)
    return #all == 1 and all[1].message:find("unknown id", 1, true) ~= nil
  end
  assert(vim.wait(WAIT, typo_reported, 20), "no diagnostic for the typo: " .. vim.inspect(vim.diagnostic.get(buf)))
  results.on_typo = vim.diagnostic.get(buf)
  local d = results.on_typo[1]
  local range = { start = { line = d.lnum, character = d.col }, ["end"] = { line = d.end_lnum, character = d.end_col } }
  results.actions = ask("textDocument/codeAction", d.lnum, d.col, { range = range, context = { diagnostics = {} } })

  -- Fixed: the diagnostics go.
  local before = published
  vim.api.nvim_buf_set_lines(buf, items_line, items_line + 1, false, { items })
  assert(vim.wait(WAIT, function() return published > before and #vim.diagnostic.get(buf) == 0 end, 20),
    "the diagnostics stayed after the fix")
  results.fixed = vim.diagnostic.get(buf)

  vim.lsp.stop_client(id)
  results.stopped = vim.wait(WAIT, function() return client.is_stopped() end, 20)
end

local ok, err = pcall(run)
finish(not ok and err or nil)
