// Tests of sim/kernel/ledger.hpp: double entry, month close (including books damaged on
// purpose), and a transfer that overflows leaving the books as they were.

#include "sim/kernel/ledger.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <doctest/doctest.h>
#include <limits>
#include <string>
#include <vector>

namespace specflow::sim {

// The ledger's friend: reaches into the books to damage them, so that a test can see a month
// close refuse them. Each function breaks exactly one of the three checks close_month makes.
struct LedgerTestAccess {
    // Changes one balance only: that account's opening + credits − debits no longer matches.
    static void add_to_balance(Ledger& ledger, AccountId account, entities::Money amount) {
        ledger.balances_[account] += amount;
    }
    // Changes a balance and its opening alike: the account still reconciles, but the balances
    // no longer sum to zero.
    static void add_to_balance_and_opening(Ledger& ledger, AccountId account,
                                           entities::Money amount) {
        ledger.balances_[account] += amount;
        ledger.opening_[account] += amount;
    }
    // Changes the record of money issued: balances reconcile and sum to zero, but the source
    // no longer holds minus everything issued.
    static void add_to_issued(Ledger& ledger, entities::Money amount) { ledger.issued_ += amount; }
};

} // namespace specflow::sim

namespace {

using specflow::entities::Money;
using specflow::sim::AccountId;
using specflow::sim::Ledger;
using specflow::sim::LedgerImbalance;
using specflow::sim::LedgerTestAccess;

Money pence(std::int64_t value) {
    return Money::from_pence(value);
}

} // namespace

TEST_CASE("Ledger: accounts, issue, transfer and balances") {
    Ledger ledger("national budget");
    CHECK(ledger.account_count() == 1);
    CHECK(Ledger::source() == 0);
    CHECK(ledger.name(Ledger::source()) == "national budget");
    const AccountId icb = ledger.open_account("ICB");
    const AccountId provider = ledger.open_account("provider");
    CHECK(icb == 1);
    CHECK(provider == 2);
    CHECK(ledger.account_count() == 3);
    CHECK(ledger.name(provider) == "provider");
    CHECK(ledger.balance(icb).is_zero());

    ledger.issue(icb, pence(1000));
    CHECK(ledger.balance(icb).pence() == 1000);
    CHECK(ledger.balance(Ledger::source()).pence() == -1000);
    CHECK(ledger.issued_to_date().pence() == 1000);

    ledger.transfer(icb, provider, pence(300)); // ICB 1000 − 300 = 700, provider 300
    CHECK(ledger.balance(icb).pence() == 700);
    CHECK(ledger.balance(provider).pence() == 300);
    CHECK(ledger.balance(Ledger::source()).pence() == -1000); // a transfer does not issue
    CHECK(ledger.issued_to_date().pence() == 1000);
}

TEST_CASE("Ledger: a negative transfer moves the money the other way") {
    Ledger ledger("source");
    const AccountId a = ledger.open_account("a");
    const AccountId b = ledger.open_account("b");
    ledger.issue(a, pence(500));
    ledger.issue(b, pence(500));
    ledger.transfer(a, b, pence(-120)); // b pays a 120: a 620, b 380
    CHECK(ledger.balance(a).pence() == 620);
    CHECK(ledger.balance(b).pence() == 380);
    ledger.transfer(a, b, Money{}); // nothing moves
    CHECK(ledger.balance(a).pence() == 620);
    CHECK(ledger.balance(b).pence() == 380);
}

TEST_CASE("Ledger refuses transfers touching the source or going nowhere, and bad issues") {
    Ledger ledger("source");
    const AccountId a = ledger.open_account("a");
    const AccountId b = ledger.open_account("b");
    ledger.issue(a, pence(100));

    CHECK_THROWS_AS(ledger.transfer(Ledger::source(), a, pence(1)), LedgerImbalance);
    CHECK_THROWS_AS(ledger.transfer(a, Ledger::source(), pence(1)), LedgerImbalance);
    CHECK_THROWS_AS(ledger.transfer(a, a, pence(1)), LedgerImbalance);
    CHECK_THROWS_AS(ledger.transfer(a, 99, pence(1)), LedgerImbalance); // no account 99
    CHECK_THROWS_AS(ledger.issue(a, pence(-1)), LedgerImbalance);
    CHECK_THROWS_AS(ledger.issue(Ledger::source(), pence(1)), LedgerImbalance);
    CHECK_THROWS_AS(ledger.issue(99, pence(1)), LedgerImbalance);
    CHECK_THROWS_AS((void)ledger.balance(99), LedgerImbalance);
    CHECK_THROWS_AS((void)ledger.name(99), LedgerImbalance);

    // Nothing refused moved any money.
    CHECK(ledger.balance(a).pence() == 100);
    CHECK(ledger.balance(b).pence() == 0);
    CHECK(ledger.balance(Ledger::source()).pence() == -100);
    CHECK(ledger.issued_to_date().pence() == 100);
    CHECK(ledger.close_month(0).transfer_count == 1); // only the one issue was posted
}

TEST_CASE("Ledger::close_month on balanced books reports the month and starts the next") {
    Ledger ledger("source");
    const AccountId a = ledger.open_account("a");
    const AccountId b = ledger.open_account("b");
    // Month 0: four postings, each adding its size to the turnover.
    ledger.issue(a, pence(1000));       // 1 transfer, turnover 1000
    ledger.issue(b, pence(500));        // 2, 1500
    ledger.transfer(a, b, pence(300));  // 3, 1800
    ledger.transfer(a, b, pence(-100)); // 4, 1900: the size, not the signed amount
    ledger.transfer(a, b, Money{});     // not posted
    // Balances: a 1000 − 300 + 100 = 800; b 500 + 300 − 100 = 700; source −1500.
    const auto first = ledger.close_month(0);
    CHECK(first.month_index == 0);
    CHECK(first.transfer_count == 4);
    CHECK(first.turnover.pence() == 1900);
    CHECK(first.issued_to_date.pence() == 1500);
    CHECK(ledger.balance(a).pence() == 800);
    CHECK(ledger.balance(b).pence() == 700);

    // Month 1 starts from the closing balances: one transfer of 50, nothing issued.
    ledger.transfer(b, a, pence(50)); // a 850, b 650
    const auto second = ledger.close_month(1);
    CHECK(second.month_index == 1);
    CHECK(second.transfer_count == 1);
    CHECK(second.turnover.pence() == 50);
    CHECK(second.issued_to_date.pence() == 1500); // to date, not in the month
    CHECK(ledger.balance(a).pence() == 850);
    CHECK(ledger.balance(b).pence() == 650);

    // Month 2: a quiet month closes with nothing in it.
    const auto third = ledger.close_month(2);
    CHECK(third.transfer_count == 0);
    CHECK(third.turnover.is_zero());
    CHECK(third.issued_to_date.pence() == 1500);
}

TEST_CASE("Ledger::close_month throws LedgerImbalance on damaged books") {
    // Balanced books for each case: a holds 800, b 700, source −1500, one month closed.
    const auto balanced_books = [] {
        Ledger ledger("source");
        const AccountId a = ledger.open_account("a");
        const AccountId b = ledger.open_account("b");
        ledger.issue(a, pence(1000));
        ledger.issue(b, pence(500));
        ledger.transfer(a, b, pence(200));
        (void)ledger.close_month(0);
        ledger.transfer(b, a, pence(100)); // a postings this month too
        return ledger;
    };
    const AccountId a = 1;
    const AccountId b = 2;

    SUBCASE("undamaged, the books close") {
        Ledger ledger = balanced_books();
        CHECK(ledger.close_month(1).transfer_count == 1);
    }
    SUBCASE("a penny created in one account") {
        Ledger ledger = balanced_books();
        LedgerTestAccess::add_to_balance(ledger, a, pence(1));
        CHECK_THROWS_WITH_AS(ledger.close_month(1), doctest::Contains("account a holds"),
                             LedgerImbalance);
    }
    SUBCASE("a penny moved between two accounts without a posting: the sum is still zero") {
        Ledger ledger = balanced_books();
        LedgerTestAccess::add_to_balance(ledger, a, pence(1));
        LedgerTestAccess::add_to_balance(ledger, b, pence(-1));
        CHECK_THROWS_WITH_AS(ledger.close_month(1), doctest::Contains("account a holds"),
                             LedgerImbalance);
    }
    SUBCASE("a penny created in the source account") {
        Ledger ledger = balanced_books();
        LedgerTestAccess::add_to_balance(ledger, Ledger::source(), pence(-1));
        CHECK_THROWS_WITH_AS(ledger.close_month(1), doctest::Contains("account source holds"),
                             LedgerImbalance);
    }
    SUBCASE("accounts that reconcile but do not sum to zero") {
        Ledger ledger = balanced_books();
        LedgerTestAccess::add_to_balance_and_opening(ledger, b, pence(1));
        CHECK_THROWS_WITH_AS(ledger.close_month(1), doctest::Contains("sum to 1 pence"),
                             LedgerImbalance);
    }
    SUBCASE("balanced accounts but a wrong record of money issued") {
        Ledger ledger = balanced_books();
        LedgerTestAccess::add_to_issued(ledger, pence(1));
        CHECK_THROWS_WITH_AS(ledger.close_month(1), doctest::Contains("has been issued"),
                             LedgerImbalance);
    }
}

TEST_CASE("Ledger: a transfer whose credit would overflow changes nothing") {
    // The receiving account holds all but 10p of the largest amount there is; a £1 transfer to
    // it cannot be credited. Before the fix the debit was posted first, leaving the payer £1
    // down with no credit anywhere, and the next month close refused the books.
    Ledger ledger("source");
    const AccountId payer = ledger.open_account("payer");
    const AccountId full = ledger.open_account("full");
    const Money nearly_max = pence(std::numeric_limits<std::int64_t>::max() - 10);
    ledger.issue(full, nearly_max);
    CHECK_THROWS_AS(ledger.transfer(payer, full, pence(100)), specflow::entities::MoneyOverflow);
    CHECK(ledger.balance(payer) == Money{});
    CHECK(ledger.balance(full) == nearly_max);
    // Issuing more than can be recorded as issued changes nothing either.
    CHECK_THROWS_AS(ledger.issue(payer, pence(100)), specflow::entities::MoneyOverflow);
    CHECK(ledger.balance(payer) == Money{});
    CHECK(ledger.issued_to_date() == nearly_max);
    const auto report = ledger.close_month(0);
    CHECK(report.transfer_count == 1);
    CHECK(report.issued_to_date == nearly_max);
}
