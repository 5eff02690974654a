// Tests of the simulation kernel: the event calendar's order, the ledger's double entry and
// month close (including books damaged on purpose), and the counter-based random stream.

#include "sim/kernel/event_calendar.hpp"
#include "sim/kernel/ledger.hpp"
#include "sim/kernel/random_stream.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <doctest/doctest.h>
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
using specflow::sim::EventCalendar;
using specflow::sim::EventTime;
using specflow::sim::Ledger;
using specflow::sim::LedgerImbalance;
using specflow::sim::LedgerTestAccess;
using specflow::sim::RandomStream;
using specflow::sim::StreamKey;

Money pence(std::int64_t value) {
    return Money::from_pence(value);
}

} // namespace

// --- EventCalendar ---------------------------------------------------------------------------

TEST_CASE("EventCalendar pops by month, then phase, then the order of scheduling") {
    EventCalendar<std::string> calendar;
    CHECK(calendar.empty());
    CHECK(calendar.now() == EventTime{0, 0});

    // Scheduled out of order on purpose; two pairs share a time.
    calendar.schedule({2, 0}, "M2 p0 first");  // sequence 0
    calendar.schedule({0, 1}, "M0 p1 first");  // 1
    calendar.schedule({0, 0}, "M0 p0");        // 2
    calendar.schedule({2, 0}, "M2 p0 second"); // 3
    calendar.schedule({1, 5}, "M1 p5");        // 4
    calendar.schedule({0, 1}, "M0 p1 second"); // 5
    calendar.schedule({1, 0}, "M1 p0");        // 6
    calendar.schedule({0, 9}, "M0 p9");        // 7: a late phase still precedes month 1
    CHECK(calendar.size() == 8);
    CHECK_FALSE(calendar.empty());

    struct Expected {
        EventTime time;
        std::uint64_t sequence;
        const char* payload;
    };
    const std::array<Expected, 8> expected = {{
        {{0, 0}, 2, "M0 p0"},
        {{0, 1}, 1, "M0 p1 first"},
        {{0, 1}, 5, "M0 p1 second"},
        {{0, 9}, 7, "M0 p9"},
        {{1, 0}, 6, "M1 p0"},
        {{1, 5}, 4, "M1 p5"},
        {{2, 0}, 0, "M2 p0 first"},
        {{2, 0}, 3, "M2 p0 second"},
    }};
    for (std::size_t i = 0; i < expected.size(); ++i) {
        CAPTURE(i);
        const auto event = calendar.pop();
        CHECK(event.payload == expected[i].payload);
        CHECK(event.sequence == expected[i].sequence);
        CHECK(event.time == expected[i].time);
        CHECK(calendar.now() == expected[i].time); // now() advances to the popped event
        CHECK(calendar.size() == expected.size() - i - 1);
    }
    CHECK(calendar.empty());
    CHECK(calendar.now() == EventTime{2, 0}); // and stays at the last event
}

TEST_CASE("EventCalendar: an event scheduled at now() goes after those already waiting then") {
    EventCalendar<int> calendar;
    calendar.schedule({1, 0}, 10);
    calendar.schedule({1, 0}, 11);
    calendar.schedule({3, 0}, 30);
    CHECK(calendar.pop().payload == 10);
    CHECK(calendar.now() == EventTime{1, 0});
    calendar.schedule({1, 0}, 12); // same time as now: after 11, which was scheduled earlier
    calendar.schedule({2, 0}, 20); // before 30, though scheduled after it
    CHECK(calendar.pop().payload == 11);
    CHECK(calendar.pop().payload == 12);
    CHECK(calendar.pop().payload == 20);
    CHECK(calendar.now() == EventTime{2, 0});
    CHECK(calendar.pop().payload == 30);
    CHECK(calendar.now() == EventTime{3, 0});
}

TEST_CASE("EventCalendar: the pop order does not depend on the scheduling order") {
    // Six events, two pairs of which share a time; every one of the 720 scheduling orders must
    // come out sorted by time, with each tie in the order it was scheduled in.
    const std::array<EventTime, 6> times = {EventTime{0, 0}, EventTime{0, 1}, EventTime{0, 1},
                                            EventTime{1, 0}, EventTime{1, 0}, EventTime{1, 2}};
    std::array<int, 6> order = {0, 1, 2, 3, 4, 5}; // indices into times, in scheduling order
    int orders_checked = 0;
    do {
        EventCalendar<int> calendar;
        for (const int index : order) {
            calendar.schedule(times[static_cast<std::size_t>(index)], index);
        }
        // position[i] = when event i was scheduled; it must equal the sequence number.
        std::array<std::uint64_t, 6> position{};
        for (std::size_t k = 0; k < order.size(); ++k) {
            position[static_cast<std::size_t>(order[k])] = k;
        }
        auto previous = calendar.pop();
        CHECK(previous.sequence == position[static_cast<std::size_t>(previous.payload)]);
        for (int popped = 1; popped < 6; ++popped) {
            const auto event = calendar.pop();
            CAPTURE(orders_checked);
            CHECK(event.sequence == position[static_cast<std::size_t>(event.payload)]);
            CHECK(previous.time <= event.time);
            if (previous.time == event.time) {
                CHECK(previous.sequence < event.sequence);
            }
            previous = event;
        }
        CHECK(calendar.empty());
        ++orders_checked;
    } while (std::next_permutation(order.begin(), order.end()));
    CHECK(orders_checked == 720); // 6!
}

// --- Ledger ----------------------------------------------------------------------------------

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

// --- RandomStream ----------------------------------------------------------------------------

TEST_CASE("RandomStream is a pure function of key and counter") {
    const RandomStream first({.seed = 7, .replication = 3});
    const RandomStream second({.seed = 7, .replication = 3});
    CHECK(first.uniform(4, 5, 6) == second.uniform(4, 5, 6));
    // Drawing other values in between changes nothing: there is no hidden state.
    const double before = first.uniform(4, 5, 6);
    for (std::uint32_t draw = 0; draw < 100; ++draw) {
        (void)first.uniform(1, 1, draw);
    }
    CHECK(first.uniform(4, 5, 6) == before);
}

TEST_CASE("RandomStream matches the Random123 Philox4x32-10 known answer") {
    // Random123 tests/kat_vectors, "philox4x32 10" with counter and key all zero gives the words
    // 6627e8d5 e169c58d bc57ac4c 9b00dbd8. The uniform takes the top 53 bits of the first two:
    // 0x6627e8d5e169c58d >> 11 = 3,594,291,074,837,816, and × 2^−53 = 0.39904647084896...
    const RandomStream stream({.seed = 0, .replication = 0});
    CHECK(stream.uniform(0, 0, 0) == 3594291074837816.0 * 0x1.0p-53);
    CHECK(stream.uniform(0, 0, 0) == doctest::Approx(0.3990464708489645).epsilon(1e-15));
}

TEST_CASE("RandomStream: the key is (seed, replication) and the counter (flow, month, draw, 0)") {
    // The header's contract, word for word: the uniform is the top 53 bits of the first two
    // output words of Philox4x32-10 at that counter and key. The known answer above pins the
    // generator; this pins which field goes in which word.
    const r123::Philox4x32 philox;
    const r123::Philox4x32::key_type key = {{12345, 2}};
    const r123::Philox4x32::ctr_type counter = {{3, 5, 7, 0}};
    const auto words = philox(counter, key);
    const std::uint64_t top = (static_cast<std::uint64_t>(words[0]) << 32 | words[1]) >> 11;
    CHECK(RandomStream({.seed = 12345, .replication = 2}).uniform(3, 5, 7) ==
          static_cast<double>(top) * 0x1.0p-53);
}

TEST_CASE("RandomStream: changing any one of seed, replication, flow, month or draw changes "
          "the value") {
    const StreamKey key{.seed = 12345, .replication = 2};
    const double base = RandomStream(key).uniform(3, 5, 7);
    CHECK(RandomStream({.seed = 12346, .replication = 2}).uniform(3, 5, 7) != base);
    CHECK(RandomStream({.seed = 12345, .replication = 3}).uniform(3, 5, 7) != base);
    CHECK(RandomStream(key).uniform(4, 5, 7) != base);
    CHECK(RandomStream(key).uniform(3, 6, 7) != base);
    CHECK(RandomStream(key).uniform(3, 5, 8) != base);
    // The fields are not interchangeable: swapping two of them is another stream.
    CHECK(RandomStream({.seed = 2, .replication = 12345}).uniform(3, 5, 7) != base);
    CHECK(RandomStream(key).uniform(5, 3, 7) != base);
    CHECK(RandomStream(key).uniform(3, 7, 5) != base);
}

TEST_CASE("RandomStream: uniforms are at least 0 and below 1, and average one half") {
    // 100,000 uniforms have a mean with standard error sqrt(1/12 / 100,000) ≈ 0.00091, so the
    // ±0.005 band is about 5.5 standard errors wide.
    constexpr std::uint32_t k_draws = 100'000;
    const RandomStream stream({.seed = 2024, .replication = 1});
    double sum = 0.0;
    double smallest = 1.0;
    double largest = 0.0;
    for (std::uint32_t i = 0; i < k_draws; ++i) {
        // Spread the draws over all three counter fields.
        const double u = stream.uniform(i % 7, (i / 7) % 12, i / 84);
        REQUIRE(u >= 0.0);
        REQUIRE(u < 1.0);
        sum += u;
        smallest = std::min(smallest, u);
        largest = std::max(largest, u);
    }
    const double mean = sum / k_draws;
    CHECK(mean > 0.495);
    CHECK(mean < 0.505);
    // The extremes of 100,000 uniforms lie within about 1e-4 of the ends of the interval.
    CHECK(smallest < 1e-3);
    CHECK(largest > 1.0 - 1e-3);
}
