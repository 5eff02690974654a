#pragma once

#include "entities/money.hpp"

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace specflow::sim {

using AccountId = std::uint32_t;

// A failure of the books to balance. It is always a bug, never a user's mistake: the run stops.
class LedgerImbalance : public std::logic_error {
public:
    explicit LedgerImbalance(const std::string& what) : std::logic_error(what) {}
};

// What a month close found.
struct LedgerCloseReport {
    std::int32_t month_index = 0;
    std::size_t transfer_count = 0; // transfers posted in the month
    entities::Money issued_to_date; // money that has entered from the source
    entities::Money turnover;       // sum of the month's transfers
};

// Double-entry books. Every movement is a transfer from one account to another; the only way
// money enters is `issue` from the source account (the national budget), so the balances
// always sum to zero with the source holding minus everything issued. A month close checks
// that, and that each account's balance is its opening balance plus the month's credits less
// its debits; a close that finds otherwise throws LedgerImbalance.
class Ledger {
public:
    // Account 0 is the source of all money.
    explicit Ledger(std::string source_name);

    Ledger(const Ledger&) = delete; // on purpose: a copy of the books is a second set of books
    Ledger& operator=(const Ledger&) = delete;
    Ledger(Ledger&&) = default;
    Ledger& operator=(Ledger&&) = default;

    [[nodiscard]] AccountId open_account(std::string name);
    [[nodiscard]] static constexpr AccountId source() noexcept { return 0; }

    // Money entering from the source; amount ≥ 0.
    void issue(AccountId to, entities::Money amount);
    // Moves money; a negative amount moves it the other way. Neither end may be the source.
    // Inline, as the monthly loop makes about a thousand a month: the checks pass in a few
    // comparisons and the refusals are worked out out of line.
    void transfer(AccountId from, AccountId to, entities::Money amount) {
        if (from == source() || to == source() || from == to || from >= balances_.size() ||
            to >= balances_.size()) [[unlikely]] {
            refuse_transfer(from, to);
        }
        if (amount.is_negative()) {
            post(to, from, -amount);
        } else if (!amount.is_zero()) {
            post(from, to, amount);
        }
    }

    // Checks the books and starts the next month; throws LedgerImbalance if they do not balance.
    LedgerCloseReport close_month(std::int32_t month_index);

    [[nodiscard]] entities::Money balance(AccountId account) const;
    [[nodiscard]] const std::string& name(AccountId account) const;
    [[nodiscard]] std::size_t account_count() const noexcept { return balances_.size(); }
    [[nodiscard]] entities::Money issued_to_date() const noexcept { return issued_; }

private:
    friend struct LedgerTestAccess; // lets a test damage the books to see a close refuse them

    // Every sum is worked out before any is stored: an overflow (MoneyOverflow) leaves the books
    // as they were, never with a debit posted and its credit missing.
    void post(AccountId from, AccountId to, entities::Money amount) {
        const entities::Money from_balance = balances_[from] - amount;
        const entities::Money to_balance = balances_[to] + amount;
        const entities::Money from_debits = month_debits_[from] + amount;
        const entities::Money to_credits = month_credits_[to] + amount;
        const entities::Money turnover = month_turnover_ + amount;
        balances_[from] = from_balance;
        balances_[to] = to_balance;
        month_debits_[from] = from_debits;
        month_credits_[to] = to_credits;
        month_turnover_ = turnover;
        ++month_transfers_;
    }
    // Throws LedgerImbalance saying why a transfer between the two cannot be.
    [[noreturn]] void refuse_transfer(AccountId from, AccountId to) const;
    void check_account(AccountId account) const;

    std::vector<std::string> names_;
    std::vector<entities::Money> balances_;
    std::vector<entities::Money> opening_;
    std::vector<entities::Money> month_credits_;
    std::vector<entities::Money> month_debits_;
    entities::Money issued_;
    entities::Money month_turnover_;
    std::size_t month_transfers_ = 0;
};

} // namespace specflow::sim
