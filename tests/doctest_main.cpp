// The test programs' main: doctest's, and a run whose --test-case filter matched no test case
// fails. CTest runs each test case by its name (doctest_discover_tests); a name CMake cannot
// carry whole (a ';' splits it into two lists' items) would otherwise run nothing and pass.

#define DOCTEST_CONFIG_IMPLEMENT
#include <cstdio>
#include <doctest/doctest.h>

namespace {

unsigned g_test_cases_run = 0;

// Counts the test cases that passed the filters, and nothing else.
struct RunCounter : doctest::IReporter {
    explicit RunCounter(const doctest::ContextOptions& /*options*/) {}
    void report_query(const doctest::QueryData& /*data*/) override {}
    void test_run_start() override {}
    void test_run_end(const doctest::TestRunStats& stats) override {
        g_test_cases_run = stats.numTestCasesPassingFilters;
    }
    void test_case_start(const doctest::TestCaseData& /*data*/) override {}
    void test_case_reenter(const doctest::TestCaseData& /*data*/) override {}
    void test_case_end(const doctest::CurrentTestCaseStats& /*stats*/) override {}
    void test_case_exception(const doctest::TestCaseException& /*exception*/) override {}
    void subcase_start(const doctest::SubcaseSignature& /*signature*/) override {}
    void subcase_end() override {}
    void log_assert(const doctest::AssertData& /*data*/) override {}
    void log_message(const doctest::MessageData& /*data*/) override {}
    void test_case_skipped(const doctest::TestCaseData& /*data*/) override {}
};

REGISTER_LISTENER("run_counter", 1, RunCounter);

} // namespace

int main(int argc, char** argv) {
    doctest::Context context(argc, argv);
    const int result = context.run();
    if (context.shouldExit()) { // --list-test-cases, --help and the like
        return result;
    }
    if (result == 0 && g_test_cases_run == 0) {
        std::fputs("no test case matched the filters: a test that runs nothing cannot fail\n",
                   stderr);
        return 1;
    }
    return result;
}
