#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "cli/users_command.hpp"
#include "store/sqlite/document_export.hpp"

#include <CLI/CLI.hpp>
#include <boost/json.hpp>
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/application.hpp"
#include "app/data_dir.hpp"
#include "app/request_log.hpp"
#include "engine/accounts.hpp"
#include "engine/clock.hpp"
#include "engine/ledger.hpp"
#include "http/server.hpp"
#include "store/postgres/import_sqlite.hpp"
#include "store/postgres/postgres_store.hpp"

namespace tender::cli {

namespace bj = boost::json;

namespace {

http::Server* g_server = nullptr;

void on_signal(int) {
  if (g_server) g_server->stop();
}


// The --database URL (or TENDER_DATABASE_URL) of this invocation; empty: the data dir's SQLite.
std::string g_database_url;

int init(const std::string& dir, bool json) {
  app::DataDirLayout layout{dir, g_database_url};
  std::unique_ptr<store::Store> store;
  if (!layout.database_url.empty()) {
    if (app::is_initialized(layout)) app::prepare_new(layout);  // throws: "already initialized"
    // Open (and migrate) before touching the directory, so a wrong URL leaves nothing behind.
    store = app::open_store(layout);
    store::ListQuery q;
    q.kind = engine::kCompanyKind;
    q.all_companies = true;
    q.limit = 1;
    if (!store->read()->list(q).empty())
      throw std::runtime_error("the database already holds a Tender installation; on another node, copy vault.key and "
                               "tender.json from the node that ran `tender init` (or set TENDER_VAULT_KEY)");
  }
  app::prepare_new(layout);
  if (!store) store = app::open_store(layout);
  engine::Accounts accounts(*store, app::load_master_key(layout));
  engine::SystemClock clock;
  auto now = clock.now_seconds();
  auto company = accounts.create_company("Demo Company", now);
  auto brand = accounts.create_brand(company.id, "Demo Brand", now);
  auto key = accounts.create_api_key(company.id, false, now);
  app::write_installation(layout, {company.id, brand.id});
  print_json_or_text(json,
                     bj::object{{"company_id", company.id}, {"brand_id", brand.id}, {"api_key", key.secret},
                                {"api_key_mode", "test"}, {"data_dir", dir}},
                     "Tender initialized in " + dir + "\n  company_id: " + company.id + "\n  brand_id:   " + brand.id +
                         "\n  api_key:    " + key.secret + "  (test mode; shown once, store it now)\n");
  return 0;
}

int create_key(const std::string& dir, bool live, bool json) {
  app::DataDirLayout layout{dir, g_database_url};
  auto info = app::read_installation(layout);
  auto store = app::open_store(layout);
  engine::Accounts accounts(*store, app::load_master_key(layout));
  engine::SystemClock clock;
  auto key = accounts.create_api_key(info.company_id, live, clock.now_seconds());
  print_json_or_text(json, bj::object{{"company_id", info.company_id}, {"api_key", key.secret}, {"api_key_mode", live ? "live" : "test"}},
                     key.secret + "\n");
  return 0;
}

int create_company(const std::string& dir, const std::string& name, bool json) {
  app::DataDirLayout layout{dir, g_database_url};
  app::read_installation(layout);
  auto store = app::open_store(layout);
  engine::Accounts accounts(*store, app::load_master_key(layout));
  engine::SystemClock clock;
  auto now = clock.now_seconds();
  auto company = accounts.create_company(name, now);
  auto brand = accounts.create_brand(company.id, name + " Brand", now);
  auto key = accounts.create_api_key(company.id, false, now);
  print_json_or_text(json, bj::object{{"company_id", company.id}, {"brand_id", brand.id}, {"api_key", key.secret}},
                     "company_id: " + company.id + "\nbrand_id:   " + brand.id + "\napi_key:    " + key.secret + "\n");
  return 0;
}

int ledger_check(const std::string& dir, bool json) {
  app::DataDirLayout layout{dir, g_database_url};
  app::read_installation(layout);
  auto store = app::open_store(layout);
  auto view = store->read();
  auto check = engine::check_ledger(*view);
  bj::array problems;
  for (const auto& p : check.problems) problems.push_back(bj::string(p));
  std::string text = "ledger check: " + std::to_string(check.purchases) + " purchases, " + std::to_string(check.postings) +
                     " postings, " + (check.ok() ? "all balanced" : std::to_string(check.problems.size()) + " problem(s)") + "\n";
  for (const auto& p : check.problems) text += "  " + p + "\n";
  print_json_or_text(json, bj::object{{"ok", check.ok()}, {"purchases", check.purchases}, {"postings", check.postings},
                                      {"problems", std::move(problems)}}, text);
  return check.ok() ? 0 : 2;
}

// Progress on stderr: a bar redrawn in place on a terminal, a line per quarter otherwise.
void show_progress(std::int64_t done, std::int64_t total) {
  static int last_quarter = -1;
  const int percent = total > 0 ? static_cast<int>(done * 100 / total) : 100;
  if (::isatty(2)) {
    constexpr int kWidth = 40;
    const int filled = percent * kWidth / 100;
    std::cerr << "\rmigrating [" << std::string(static_cast<std::size_t>(filled), '#')
              << std::string(static_cast<std::size_t>(kWidth - filled), '.') << "] " << percent << "% " << done << "/"
              << total << " rows" << (done == total ? "\n" : "") << std::flush;
  } else if (percent / 25 != last_quarter) {
    last_quarter = percent / 25;
    std::cerr << "migrating: " << percent << "% (" << done << "/" << total << " rows)" << std::endl;
  }
}

int migrate_data(const std::string& from, const std::string& to, bool json) {
  if (from.rfind("sqlite:", 0) != 0) throw std::runtime_error("--from must be sqlite:DIR (a Tender data directory)");
  if (!store::postgres::is_postgres_url(to)) throw std::runtime_error("--to must be a postgres:// or postgresql:// URL");
  app::DataDirLayout source{from.substr(7), ""};
  app::read_installation(source);
  engine::LedgerCheck before;
  {
    auto store = app::open_store(source);  // brings the SQLite schema up to date first
    before = engine::check_ledger(*store->read());
  }
  if (!before.ok()) throw std::runtime_error("the source ledger check fails; fix that before moving the data");
  auto report = store::postgres::import_sqlite(source.database(), to, show_progress);
  engine::LedgerCheck after;
  if (report.ok()) {
    auto store = app::open_store(app::DataDirLayout{source.dir, to});
    after = engine::check_ledger(*store->read());
    if (!after.ok()) report.mismatches.push_back("ledger check in PostgreSQL: " + std::to_string(after.problems.size()) + " problem(s)");
    if (after.purchases != before.purchases || after.postings != before.postings)
      report.mismatches.push_back("ledger check counts differ: " + std::to_string(before.purchases) + "/" +
                                  std::to_string(before.postings) + " purchases/postings before, " +
                                  std::to_string(after.purchases) + "/" + std::to_string(after.postings) + " after");
  }
  bj::object tables;
  std::string text;
  for (const auto& t : report.tables) {
    tables[t.table] = bj::object{{"sqlite", t.source}, {"postgres", t.target}};
    text += "  " + t.table + ": " + std::to_string(t.source) + " -> " + std::to_string(t.target) + "\n";
  }
  bj::array mismatches;
  for (const auto& m : report.mismatches) {
    mismatches.push_back(bj::string(m));
    text += "  MISMATCH " + m + "\n";
  }
  text = (report.ok() ? "moved " + std::to_string(report.rows) + " rows; counts, sums and the ledger check agree (" +
                            std::to_string(after.purchases) + " purchases, " + std::to_string(after.postings) +
                            " postings)\n"
                      : std::string("NOT moved: the copy did not verify, and was rolled back\n")) + text;
  if (report.ok()) text += "next: start every node with --data " + source.dir + " --database <the URL>\n";
  print_json_or_text(json, bj::object{{"ok", report.ok()}, {"rows", report.rows}, {"tables", std::move(tables)},
                                      {"mismatches", std::move(mismatches)}},
                     text);
  return report.ok() ? 0 : 2;
}

int serve(const std::string& dir, const std::string& listen, std::string public_url, std::uint32_t sandbox_delay_ms,
          std::uint32_t acquirer_wait_ms, std::int64_t hold_expiry_seconds, std::size_t max_connections_per_client,
          std::string metrics_token) {
  app::RequestLog log(STDERR_FILENO);  // request lines buffered, everything else at once
  auto colon = listen.rfind(':');
  if (colon == std::string::npos) throw std::runtime_error("--listen must be HOST:PORT");
  http::ServerOptions options;
  options.host = listen.substr(0, colon);
  options.port = static_cast<std::uint16_t>(std::stoi(listen.substr(colon + 1)));
  options.max_connections_per_client = max_connections_per_client;
  app::AppOptions app_options;
  app_options.data_dir = dir;
  app_options.public_url = public_url;
  app_options.sandbox_delay_ms = sandbox_delay_ms;
  app_options.acquirer_wait_ms = acquirer_wait_ms;
  app_options.hold_expiry_seconds = hold_expiry_seconds;
  app_options.database_url = g_database_url;
  app_options.metrics_token = std::move(metrics_token);
  if (app_options.public_url.empty()) app_options.public_url = "http://" + listen;
  while (!app_options.public_url.empty() && app_options.public_url.back() == '/') app_options.public_url.pop_back();
  {
    // Everything that may log lives in this block: the request log outlives all of it.
    app::Application application(app_options);
    application.start_background_jobs();
    options.body_too_large = [&application](const http::Request& r) { return application.body_too_large(r); };
    options.wait_of = [&application](const http::Request& r) { return application.wait_of(r); };
    http::Server server(options, [&application](http::Request& r) { return application.handle(r); });
    server.start();
    g_server = &server;
    std::signal(SIGTERM, on_signal);
    std::signal(SIGINT, on_signal);
    spdlog::info("tender listening on {}:{} (public URL {})", options.host, server.port(), app_options.public_url);
    server.wait();
    g_server = nullptr;
  }
  spdlog::info("tender stopped");
  return 0;
}

std::string env_or(const char* name, std::string fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::string(v) : std::move(fallback);
}

}  // namespace

int run(int argc, char** argv) {
  ::umask(077);  // every file Tender creates (database, WAL, keys) is private to its user
  auto logger = spdlog::stderr_logger_mt("tender");
  spdlog::set_default_logger(logger);

  CLI::App app{"Tender: a self-hosted card payment gateway"};
  app.require_subcommand(1);
  std::string data_dir = env_or("TENDER_DATA", "");
  g_database_url = env_or("TENDER_DATABASE_URL", "");
  const char* database_help = "postgres://… to keep the data in PostgreSQL (env TENDER_DATABASE_URL); default: the data directory's SQLite file";
  bool json = false, live = false;
  std::string listen = env_or("TENDER_LISTEN", "127.0.0.1:8080");
  std::string public_url = env_or("TENDER_PUBLIC_URL", "");
  std::string company_name = "Second Company";
  std::uint32_t sandbox_delay_ms = static_cast<std::uint32_t>(std::stoul(env_or("TENDER_SANDBOX_DELAY_MS", "0")));
  std::uint32_t acquirer_wait_ms = static_cast<std::uint32_t>(std::stoul(env_or("TENDER_ACQUIRER_WAIT_MS", "2000")));
  std::int64_t hold_expiry_seconds = std::stoll(env_or("TENDER_HOLD_EXPIRY_SECONDS", "604800"));
  std::size_t max_connections_per_client = std::stoul(env_or("TENDER_MAX_CONNECTIONS_PER_CLIENT", "1024"));
  std::string metrics_token = env_or("TENDER_METRICS_TOKEN", "");

  auto* init_cmd = app.add_subcommand("init", "Create a data directory with a demo company, brand and test API key");
  init_cmd->add_option("--data", data_dir, "Data directory (env TENDER_DATA)")->required(data_dir.empty());
  init_cmd->add_option("--database", g_database_url, database_help);
  init_cmd->add_flag("--json", json, "Print one JSON object");

  auto* keys_cmd = app.add_subcommand("keys", "Manage API keys");
  keys_cmd->require_subcommand(1);
  auto* keys_create = keys_cmd->add_subcommand("create", "Create an API key (printed once)");
  keys_create->add_option("--data", data_dir, "Data directory (env TENDER_DATA)")->required(data_dir.empty());
  keys_create->add_option("--database", g_database_url, database_help);
  keys_create->add_flag("--live", live, "A live key instead of a test key");
  keys_create->add_flag("--json", json, "Print one JSON object");

  auto* companies_cmd = app.add_subcommand("companies", "Manage companies");
  companies_cmd->require_subcommand(1);
  auto* companies_create = companies_cmd->add_subcommand("create", "Create another company with a brand and a test key");
  companies_create->add_option("--data", data_dir, "Data directory (env TENDER_DATA)")->required(data_dir.empty());
  companies_create->add_option("--name", company_name, "Company name");
  companies_create->add_option("--database", g_database_url, database_help);
  companies_create->add_flag("--json", json, "Print one JSON object");

  std::string user_email, user_role, user_company;
  bool password_stdin = false;
  auto* users_cmd = app.add_subcommand("users", "Manage portal users");
  users_cmd->require_subcommand(1);
  auto* users_create = users_cmd->add_subcommand("create", "Create a portal user (a generated password is printed once)");
  users_create->add_option("--data", data_dir, "Data directory (env TENDER_DATA)")->required(data_dir.empty());
  users_create->add_option("--database", g_database_url, database_help);
  users_create->add_option("--email", user_email, "The user's email, their login")->required();
  users_create->add_option("--role", user_role, "owner, staff or viewer")->required()->check(CLI::IsMember({"owner", "staff", "viewer"}));
  users_create->add_option("--company", user_company, "Company id (default: the installation's first company)");
  users_create->add_flag("--password-stdin", password_stdin, "Read the password from the first line of standard input");
  users_create->add_flag("--json", json, "Print one JSON object");

  auto* ledger_cmd = app.add_subcommand("ledger", "Inspect the ledger");
  ledger_cmd->require_subcommand(1);
  auto* ledger_check_cmd = ledger_cmd->add_subcommand("check", "Check every ledger invariant; exit 2 when one fails");
  ledger_check_cmd->add_option("--data", data_dir, "Data directory (env TENDER_DATA)")->required(data_dir.empty());
  ledger_check_cmd->add_option("--database", g_database_url, database_help);
  ledger_check_cmd->add_flag("--json", json, "Print one JSON object");

  auto* documents_cmd = app.add_subcommand(
      "documents", "Print every stored document of a SQLite data directory as JSON lines, decoded (records, outbox)");
  documents_cmd->add_option("--data", data_dir, "Data directory (env TENDER_DATA)")->required(data_dir.empty());

  std::string migrate_from, migrate_to;
  auto* migrate_cmd = app.add_subcommand("migrate-data", "Move a data directory's SQLite data into an empty PostgreSQL database");
  migrate_cmd->add_option("--from", migrate_from, "sqlite:DIR, the data directory (stop its server first)")->required();
  migrate_cmd->add_option("--to", migrate_to, "postgres://… of an empty database")->required();
  migrate_cmd->add_flag("--json", json, "Print one JSON object");

  auto* serve_cmd = app.add_subcommand("serve", "Serve the APIs until SIGTERM/SIGINT");
  serve_cmd->add_option("--data", data_dir, "Data directory (env TENDER_DATA)")->required(data_dir.empty());
  serve_cmd->add_option("--database", g_database_url, database_help);
  serve_cmd->add_option("--listen", listen, "HOST:PORT to listen on (env TENDER_LISTEN)");
  serve_cmd->add_option("--public-url", public_url, "Base of URLs handed out (env TENDER_PUBLIC_URL)");
  serve_cmd->add_option("--sandbox-delay-ms", sandbox_delay_ms, "Every sandbox acquirer answer takes this long (env TENDER_SANDBOX_DELAY_MS)")
      ->check(CLI::Range(0, 600000));
  serve_cmd->add_option("--acquirer-wait-ms", acquirer_wait_ms, "Answers slower than this leave pending_* statuses (env TENDER_ACQUIRER_WAIT_MS)")
      ->check(CLI::Range(1, 600000));
  serve_cmd->add_option("--hold-expiry-seconds", hold_expiry_seconds, "Uncaptured holds are released after this (env TENDER_HOLD_EXPIRY_SECONDS)")
      ->check(CLI::Range(1, 31 * 24 * 3600));
  serve_cmd->add_option("--max-connections-per-client", max_connections_per_client,
                        "Connections one client address may hold; 0: no limit (behind a proxy, raise it) (env TENDER_MAX_CONNECTIONS_PER_CLIENT)")
      ->check(CLI::Range(0, 4096));
  serve_cmd->add_option("--metrics-token", metrics_token,
                        "Bearer token GET /metrics requires from every client; unset: loopback clients only (env "
                        "TENDER_METRICS_TOKEN, preferred: a command line is visible to other users)");

  CLI11_PARSE(app, argc, argv);
  try {
    if (*init_cmd) return init(data_dir, json);
    if (*keys_create) return create_key(data_dir, live, json);
    if (*companies_create) return create_company(data_dir, company_name, json);
    if (*users_create) return create_user({data_dir, g_database_url}, user_email, user_role, user_company, password_stdin, json);
    if (*ledger_check_cmd) return ledger_check(data_dir, json);
    if (*migrate_cmd) return migrate_data(migrate_from, migrate_to, json);
    if (*documents_cmd) {
      app::DataDirLayout layout{data_dir, ""};
      app::read_installation(layout);
      store::sqlite::export_documents(layout.database(), std::cout);
      return 0;
    }
    if (*serve_cmd) return serve(data_dir, listen, public_url, sandbox_delay_ms, acquirer_wait_ms, hold_expiry_seconds,
                                 max_connections_per_client, metrics_token);
  } catch (const std::exception& e) {
    std::cerr << "tender: " << e.what() << std::endl;
    return 1;
  }
  return 1;
}

}  // namespace tender::cli
