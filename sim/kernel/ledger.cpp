#include "sim/kernel/ledger.hpp"

#include <fmt/format.h>

namespace specflow::sim {

using entities::Int128;
using entities::Money;

Ledger::Ledger(std::string source_name) {
    (void)open_account(std::move(source_name));
}

AccountId Ledger::open_account(std::string name) {
    names_.push_back(std::move(name));
    balances_.emplace_back();
    opening_.emplace_back();
    month_credits_.emplace_back();
    month_debits_.emplace_back();
    return static_cast<AccountId>(names_.size() - 1);
}

void Ledger::check_account(AccountId account) const {
    if (account >= balances_.size()) {
        throw LedgerImbalance(fmt::format("no ledger account {}", account));
    }
}

void Ledger::issue(AccountId to, Money amount) {
    check_account(to);
    if (to == source() || amount.is_negative()) {
        throw LedgerImbalance("money can only be issued from the source, in a positive amount");
    }
    if (!amount.is_zero()) {
        const Money issued = issued_ + amount; // before post, so an overflow changes nothing
        post(source(), to, amount);
        issued_ = issued;
    }
}

void Ledger::refuse_transfer(AccountId from, AccountId to) const {
    check_account(from);
    check_account(to);
    if (from == source() || to == source()) {
        throw LedgerImbalance(fmt::format("transfer {} -> {} touches the source account: only "
                                          "issue() may move money from the national budget",
                                          names_[from], names_[to]));
    }
    throw LedgerImbalance(fmt::format("transfer from {} to itself", names_[from]));
}

LedgerCloseReport Ledger::close_month(std::int32_t month_index) {
    Int128 sum = 0;
    for (AccountId account = 0; account < balances_.size(); ++account) {
        const Money expected = opening_[account] + month_credits_[account] - month_debits_[account];
        if (expected != balances_[account]) {
            throw LedgerImbalance(fmt::format(
                "month {}: account {} holds {} but its opening balance and the month's postings "
                "give {}",
                month_index + 1, names_[account], balances_[account].to_pounds_string(),
                expected.to_pounds_string()));
        }
        sum += balances_[account].pence();
    }
    if (sum != 0) {
        throw LedgerImbalance(fmt::format("month {}: balances sum to {} pence, not zero",
                                          month_index + 1, static_cast<long long>(sum)));
    }
    if (balances_[source()] != -issued_) {
        throw LedgerImbalance(fmt::format("month {}: the source holds {} but {} has been issued",
                                          month_index + 1, balances_[source()].to_pounds_string(),
                                          issued_.to_pounds_string()));
    }
    const LedgerCloseReport report{.month_index = month_index,
                                   .transfer_count = month_transfers_,
                                   .issued_to_date = issued_,
                                   .turnover = month_turnover_};
    opening_ = balances_;
    std::fill(month_credits_.begin(), month_credits_.end(), Money{});
    std::fill(month_debits_.begin(), month_debits_.end(), Money{});
    month_turnover_ = Money{};
    month_transfers_ = 0;
    return report;
}

Money Ledger::balance(AccountId account) const {
    check_account(account);
    return balances_[account];
}

const std::string& Ledger::name(AccountId account) const {
    check_account(account);
    return names_[account];
}

} // namespace specflow::sim
