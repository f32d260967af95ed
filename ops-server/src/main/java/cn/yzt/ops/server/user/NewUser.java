package cn.yzt.ops.server.user;

/** Account fields as received; {@link #validated()} normalizes them or throws InvalidInputException. */
public record NewUser(String username, String displayName, String idCard, String phone, String email) {

    public NewUser validated() {
        return new NewUser(PersonalDataRules.username(username), PersonalDataRules.displayName(displayName),
                PersonalDataRules.idCard(idCard), PersonalDataRules.phone(phone), PersonalDataRules.email(email));
    }
}
